import { randomBytes } from 'node:crypto';
import { newSecret, SessionCipher, storageKey } from './session-crypto.js';

const value = { accessToken: 'eyJ.secret.token', userId: 'u-1' };

describe(SessionCipher.name, () => {
  const cipher = new SessionCipher(randomBytes(32));

  it('opens what it sealed', () => {
    expect(cipher.open(storageKey('a'), cipher.seal(storageKey('a'), value))).toEqual(value);
  });

  it('never stores the plain text', () => {
    const sealed = Buffer.from(cipher.seal('k', value));
    expect(sealed.toString('utf8')).not.toContain('secret');
    expect(sealed.toString('latin1')).not.toContain('u-1');
  });

  it('uses a new IV each time', () => {
    expect(Buffer.from(cipher.seal('k', value))).not.toEqual(Buffer.from(cipher.seal('k', value)));
  });

  it('does not open a value under another KV key', () => {
    expect(cipher.open('other', cipher.seal('k', value))).toBeNull();
  });

  it('does not open with another key', () => {
    expect(new SessionCipher(randomBytes(32)).open('k', cipher.seal('k', value))).toBeNull();
  });

  it('does not open a tampered value', () => {
    const sealed = Buffer.from(cipher.seal('k', value));
    sealed[sealed.length - 1] ^= 1;
    expect(cipher.open('k', sealed)).toBeNull();
  });

  it.each([new Uint8Array(0), new Uint8Array(10), Buffer.from('{"accessToken":"x"}')])(
    'does not open garbage %#',
    (garbage) => {
      expect(cipher.open('k', garbage)).toBeNull();
    },
  );

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SessionCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('session secrets', () => {
  it('are 256-bit and random', () => {
    const a = newSecret();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it('are stored as a hash, never as themselves', () => {
    const id = newSecret();
    expect(storageKey(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(storageKey(id)).not.toContain(id);
    expect(storageKey(id)).toBe(storageKey(id));
  });
});
