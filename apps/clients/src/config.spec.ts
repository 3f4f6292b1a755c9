import { ConfigError } from '#config';
import { DEV_CLIENTS_DATA_KEY, loadClientsConfig, parseEncryptionKey } from './config.js';

describe(loadClientsConfig.name, () => {
  it('uses the development key and the documented defaults when nothing is set', () => {
    expect(loadClientsConfig({})).toMatchObject({
      usingDevKey: true,
      retentionDays: 1095,
      jobIntervalMs: 60_000,
      consentValidityMonths: 12,
      controllerContact: 'privacy@moni.example',
    });
    expect(parseEncryptionKey(DEV_CLIENTS_DATA_KEY)).toHaveLength(32);
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
});
