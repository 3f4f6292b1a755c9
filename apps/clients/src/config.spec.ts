import { ConfigError } from '#config';
import { DEV_CLIENTS_DATA_KEY, loadClientsConfig } from './config.js';

describe(loadClientsConfig.name, () => {
  it('uses the development key and the documented defaults when nothing is set', () => {
    expect(loadClientsConfig({})).toMatchObject({
      usingDevKey: true,
      retentionDays: 1095,
      jobIntervalMs: 60_000,
      consentValidityMonths: 12,
      controllerContact: 'privacy@moni.example',
    });
    expect(loadClientsConfig({}).dataEncryptionKey).toEqual(Buffer.from(DEV_CLIENTS_DATA_KEY, 'base64'));
  });

  it('takes a key as base64 or hex and refuses one of the wrong length', () => {
    const hex = 'ab'.repeat(32);
    expect(loadClientsConfig({ CLIENTS_DATA_KEY: hex })).toMatchObject({
      usingDevKey: false,
      dataEncryptionKey: Buffer.from(hex, 'hex'),
    });
    expect(() => loadClientsConfig({ CLIENTS_DATA_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    expect(loadClientsConfig({ CLIENT_RETENTION_DAYS: '0' }).retentionDays).toBe(0);
  });

  const secret = (byte: number): string => Buffer.alloc(32, byte).toString('base64');

  it('derives the search key from the data key outside production, and takes its own when set', () => {
    const derived = loadClientsConfig({ CLIENTS_DATA_KEY: secret(1) }).searchKey;
    expect(derived).toHaveLength(32);
    expect(derived.equals(Buffer.alloc(32, 1))).toBe(false);
    expect(
      loadClientsConfig({ CLIENTS_DATA_KEY: secret(1), CLIENTS_SEARCH_KEY: secret(2) }).searchKey,
    ).toEqual(Buffer.alloc(32, 2));
  });

  describe('in production (NODE_ENV=production)', () => {
    const production = { NODE_ENV: 'production', CLIENTS_DATA_KEY: secret(1), CLIENTS_SEARCH_KEY: secret(2) };

    it('starts with keys of its own', () => {
      expect(loadClientsConfig(production)).toMatchObject({
        usingDevKey: false,
        searchKey: Buffer.alloc(32, 2),
      });
    });

    it.each([
      [{ CLIENTS_DATA_KEY: undefined }, /^CLIENTS_DATA_KEY is not set/],
      [{ CLIENTS_DATA_KEY: DEV_CLIENTS_DATA_KEY }, /^CLIENTS_DATA_KEY is a development key/],
      [{ CLIENTS_SEARCH_KEY: undefined }, /^CLIENTS_SEARCH_KEY is not set/],
      [{ CLIENTS_SEARCH_KEY: secret(1) }, /^CLIENTS_SEARCH_KEY must not be the same key as CLIENTS_DATA_KEY/],
      [
        { CLIENTS_DATA_KEY_PREVIOUS: DEV_CLIENTS_DATA_KEY },
        /^CLIENTS_DATA_KEY_PREVIOUS holds a development key/,
      ],
    ])('refuses %j', (change, message) => {
      expect(() => loadClientsConfig({ ...production, ...change })).toThrow(message);
    });
  });
});
