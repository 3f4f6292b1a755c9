import { ConfigError } from './env.js';
import { DEVELOPMENT_KEYS, parseKey, readPreviousKeys, readSecretKey } from './keys.js';

const secret = (byte: number): string => Buffer.alloc(32, byte).toString('base64');

describe(readSecretKey.name, () => {
  it('falls back on the development key outside production, and says so', () => {
    expect(readSecretKey({}, 'REFERRALS_DATA_KEY')).toEqual({
      key: Buffer.from(DEVELOPMENT_KEYS.REFERRALS_DATA_KEY, 'base64'),
      development: true,
    });
    expect(readSecretKey({ AUDIT_CHAIN_KEY: secret(3) }, 'AUDIT_CHAIN_KEY')).toEqual({
      key: Buffer.alloc(32, 3),
      development: false,
    });
  });

  it.each(Object.keys(DEVELOPMENT_KEYS) as (keyof typeof DEVELOPMENT_KEYS)[])(
    'in production refuses %s when missing, blank or any development key, naming the variable',
    (name) => {
      const production = { NODE_ENV: 'production' };
      expect(() => readSecretKey(production, name)).toThrow(ConfigError);
      expect(() => readSecretKey(production, name)).toThrow(new RegExp(`^${name} is not set`));
      expect(() => readSecretKey({ ...production, [name]: '  ' }, name)).toThrow(`${name} is not set`);
      for (const dev of Object.values(DEVELOPMENT_KEYS)) {
        expect(() => readSecretKey({ ...production, [name]: dev }, name)).toThrow(
          `${name} is a development key`,
        );
      }
      expect(readSecretKey({ ...production, [name]: secret(7) }, name).key).toEqual(Buffer.alloc(32, 7));
    },
  );

  it('takes base64 or hex and refuses anything else, naming the variable', () => {
    expect(parseKey('X', 'ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(() => parseKey('X', 'c2hvcnQ=')).toThrow('X must be 32 bytes');
    expect(() => parseKey('X', 'change-me-to-32-random-bytes-base64-encoded')).toThrow('X must be 32 bytes');
  });

  it('reads the keys retired by a rotation, refusing development keys in production', () => {
    expect(
      readPreviousKeys({ REFERRALS_DATA_KEY_PREVIOUS: `${secret(1)}, ${secret(2)}` }, 'REFERRALS_DATA_KEY'),
    ).toEqual([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
    expect(() =>
      readPreviousKeys(
        { NODE_ENV: 'production', REFERRALS_DATA_KEY_PREVIOUS: DEVELOPMENT_KEYS.REFERRALS_DATA_KEY },
        'REFERRALS_DATA_KEY',
      ),
    ).toThrow('REFERRALS_DATA_KEY_PREVIOUS holds a development key');
  });
});
