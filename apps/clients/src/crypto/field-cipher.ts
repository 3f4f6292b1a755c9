// Column encryption for personal identity codes and free text: AES-256-GCM with a random IV, the
// column and row bound in as associated data (a value copied to another row or column does not
// decrypt), and a keyed hash (HMAC-SHA256) of identity codes for exact search and duplicates.
// Both keys are derived from CLIENTS_DATA_KEY with HKDF, so one secret is configured.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class FieldCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) {
      throw new Error('The data encryption key must be 32 bytes');
    }
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'moni/clients/aes-256-gcm', 32),
    );
    this.indexKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'moni/clients/blind-index', 32),
    );
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url); `context` names the column and row, e.g. `pic:<client id>`. */
  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(value: string, context: string): string {
    const [version, iv, tag, ciphertext] = value.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error('Unknown encrypted value format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  encryptNullable(plaintext: string | null | undefined, context: string): string | null {
    return plaintext === null || plaintext === undefined || plaintext === ''
      ? null
      : this.encrypt(plaintext, context);
  }

  decryptNullable(value: string | null, context: string): string | null {
    return value === null ? null : this.decrypt(value, context);
  }

  /** A keyed hash for equality search: the same input gives the same value, nothing else can be learnt. */
  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey).update(value, 'utf8').digest('hex');
  }
}
