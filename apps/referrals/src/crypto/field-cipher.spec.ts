import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher.js';

describe(FieldCipher.name, () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips text and JSON, with a fresh nonce each time', () => {
    const stored = cipher.encrypt('Tarvitsee tulkin');
    expect(stored).not.toContain('tulkin');
    expect(cipher.decrypt(stored)).toBe('Tarvitsee tulkin');
    expect(cipher.encrypt('x')).not.toBe(cipher.encrypt('x'));
    expect(cipher.decryptJson(cipher.encryptJson({ identity: { firstName: 'Amina' } }))).toEqual({
      identity: { firstName: 'Amina' },
    });
  });

  it('refuses a tampered value and another key', () => {
    const stored = cipher.encrypt('secret');
    const tampered = `${stored.slice(0, -4)}AAAA`;
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => new FieldCipher(randomBytes(32)).decrypt(stored)).toThrow();
  });
});
