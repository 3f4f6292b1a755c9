// Sessions at rest: the KV key is a hash of the cookie's value (reading the bucket gives no usable
// cookie), and the value is sealed with AES-256-GCM under SESSION_KEY, with the key as associated
// data so that a value copied under another key does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new random 256-bit secret (session id, CSRF token), base64url. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** The KV key of a session id or a login state: its SHA-256, hex (valid KV key characters). */
export const storageKey = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

export class SessionCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new Error('The session key must be 32 bytes');
    }
  }

  seal(kvKey: string, value: unknown): Uint8Array {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(kvKey, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** The value, or null when it was not sealed under this key and kvKey (or was tampered with). */
  open<T>(kvKey: string, sealed: Uint8Array): T | null {
    const data = Buffer.from(sealed);
    if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION) {
      return null;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(kvKey, 'utf8'));
      decipher.setAuthTag(data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      return null;
    }
  }
}
