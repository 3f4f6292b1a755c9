import { randomBytes } from 'node:crypto';
import { BlindIndex, ERASED_VALUE, FieldCipher, keyId } from './field-cipher.js';

describe(FieldCipher.name, () => {
  const key = randomBytes(32);
  const cipher = new FieldCipher({ scope: 'clients', key });
  const pic = { column: 'pic', row: 'client-1' };

  it('round-trips text and JSON and never stores the plaintext', () => {
    const stored = cipher.encrypt('131052-308T', pic);
    expect(stored).not.toContain('131052');
    expect(cipher.decrypt(stored, pic)).toBe('131052-308T');
    const json = { identity: { firstName: 'Amina' } };
    expect(cipher.decryptJson(cipher.encryptJson(json, pic), pic)).toEqual(json);
  });

  it('puts the id of its key in front of every value, and a fresh IV in each', () => {
    const stored = cipher.encrypt('same', pic);
    expect(stored.split('.')[0]).toBe(keyId(key));
    expect(keyId(key)).toMatch(/^k[0-9a-f]{8}$/);
    expect(cipher.encrypt('same', pic)).not.toBe(stored);
  });

  it('refuses a value moved to another row, another column or another service', () => {
    const stored = cipher.encrypt('131052-308T', pic);
    expect(() => cipher.decrypt(stored, { column: 'pic', row: 'client-2' })).toThrow();
    expect(() => cipher.decrypt(stored, { column: 'background', row: 'client-1' })).toThrow();
    expect(() => new FieldCipher({ scope: 'referrals', key }).decrypt(stored, pic)).toThrow();
  });

  it('refuses a tampered value and a value in an unknown format', () => {
    const [id, iv, tag, data] = cipher.encrypt('secret text', pic).split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([id, iv, tag, flipped.toString('base64url')].join('.'), pic)).toThrow();
    expect(() => cipher.decrypt(`v1:${iv}${tag}${data}`, pic)).toThrow('Unknown encrypted value format');
  });

  it('refuses a value written with a key it does not hold, naming the key id', () => {
    const other = new FieldCipher({ scope: 'clients', key: randomBytes(32) });
    const stored = other.encrypt('x', pic);
    expect(() => cipher.decrypt(stored, pic)).toThrow(`unknown key (${stored.split('.')[0]})`);
  });

  it('reads values of a retired key after a rotation, and writes with the new one only', () => {
    const rotated = new FieldCipher({ scope: 'clients', key: randomBytes(32), previousKeys: [key] });
    const old = cipher.encrypt('before the rotation', pic);
    expect(rotated.decrypt(old, pic)).toBe('before the rotation');
    expect(rotated.needsReencryption(old)).toBe(true);
    const fresh = rotated.encrypt('after', pic);
    expect(rotated.needsReencryption(fresh)).toBe(false);
    expect(() => cipher.decrypt(fresh, pic)).toThrow();
  });

  it('reads an erased value as empty, and stores nothing for an empty nullable value', () => {
    expect(cipher.decrypt(ERASED_VALUE, pic)).toBe('');
    expect(cipher.encryptNullable('', pic)).toBeNull();
    expect(cipher.decryptNullable(null, pic)).toBeNull();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new FieldCipher({ scope: 'clients', key: randomBytes(16) })).toThrow('32 bytes');
  });
});

describe(BlindIndex.name, () => {
  it('gives a stable keyed hash that depends on the key', () => {
    const index = new BlindIndex(randomBytes(32));
    expect(index.of('131052-308T')).toBe(index.of('131052-308T'));
    expect(index.of('131052-308T')).toMatch(/^[0-9a-f]{64}$/);
    expect(index.of('131052-308T')).not.toBe(new BlindIndex(randomBytes(32)).of('131052-308T'));
  });
});
