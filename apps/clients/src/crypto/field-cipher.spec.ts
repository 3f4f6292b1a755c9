import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher.js';

describe(FieldCipher.name, () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips a value and never stores the plaintext', () => {
    const stored = cipher.encrypt('131052-308T', 'pic:1');
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('131052');
    expect(cipher.decrypt(stored, 'pic:1')).toBe('131052-308T');
  });

  it('gives a different ciphertext each time (random IV)', () => {
    expect(cipher.encrypt('same', 'x')).not.toBe(cipher.encrypt('same', 'x'));
  });

  it('refuses a value moved to another row or column', () => {
    const stored = cipher.encrypt('131052-308T', 'pic:1');
    expect(() => cipher.decrypt(stored, 'pic:2')).toThrow();
  });

  it('refuses a tampered value', () => {
    const [version, iv, tag, data] = cipher.encrypt('secret text', 'need:1').split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() =>
      cipher.decrypt([version, iv, tag, flipped.toString('base64url')].join('.'), 'need:1'),
    ).toThrow();
  });

  it('refuses a value encrypted with another key', () => {
    const other = new FieldCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt('x', 'c'), 'c')).toThrow();
  });

  it('gives a stable keyed hash that depends on the key', () => {
    expect(cipher.blindIndex('131052-308T')).toBe(cipher.blindIndex('131052-308T'));
    expect(cipher.blindIndex('131052-308T')).not.toBe(
      new FieldCipher(randomBytes(32)).blindIndex('131052-308T'),
    );
  });
});
