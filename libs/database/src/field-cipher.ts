// Column encryption of personal data, one scheme for every service: AES-256-GCM with a random IV
// under a key of its own per column (HKDF from the service's master key), the row bound in as
// associated data, so a value copied to another row or column does not decrypt, and the id of the
// master key in front of each value, so that a rotated key still reads what the old one wrote.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** Which column of which row a value belongs to (e.g. `{ column: 'pic', row: clientId }`). */
export interface FieldRef {
  column: string;
  row: string;
}

/** What an erased value is stored as: nothing left to decrypt. */
export const ERASED_VALUE = '';

const KEY_ID_PATTERN = /^k[0-9a-f]{8}$/;

/** A short public fingerprint of a master key (not a secret: an HMAC of a fixed label). */
export function keyId(masterKey: Buffer): string {
  return `k${createHmac('sha256', masterKey).update('moni/key-id').digest('hex').slice(0, 8)}`;
}

interface MasterKey {
  id: string;
  secret: Buffer;
  /** Derived once per column, as key objects: a Buffer key is imported again on every call (~13 µs). */
  columns: Map<string, KeyObject>;
}

export interface FieldCipherOptions {
  /** The service whose columns these are (part of every derived key and of the associated data). */
  scope: string;
  /** The master key new values are written with. */
  key: Buffer;
  /** Master keys retired by a rotation: read, never written. */
  previousKeys?: Buffer[];
}

/**
 * `<key id>.<iv>.<tag>.<ciphertext>` (base64url). A value that was erased (`ERASED_VALUE`) reads
 * as the empty string.
 */
export class FieldCipher {
  private readonly scope: string;
  private readonly current: MasterKey;
  private readonly keys = new Map<string, MasterKey>();

  constructor(options: FieldCipherOptions) {
    this.scope = options.scope;
    for (const secret of [options.key, ...(options.previousKeys ?? [])]) {
      if (secret.length !== 32) {
        throw new Error('A data encryption key must be 32 bytes');
      }
      const id = keyId(secret);
      if (!this.keys.has(id)) {
        this.keys.set(id, { id, secret, columns: new Map() });
      }
    }
    const current = this.keys.get(keyId(options.key));
    if (!current) {
      throw new Error('The current data encryption key was not registered');
    }
    this.current = current;
  }

  /** The id of the key new values are written with (what a rotation re-encrypts to). */
  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, field: FieldRef): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.columnKey(this.current, field.column), iv);
    cipher.setAAD(this.associatedData(field));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      this.current.id,
      ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')),
    ].join('.');
  }

  decrypt(value: string, field: FieldRef): string {
    if (value === ERASED_VALUE) {
      return '';
    }
    const [id, iv, tag, ciphertext, extra] = value.split('.');
    if (!KEY_ID_PATTERN.test(id ?? '') || !iv || !tag || ciphertext === undefined || extra !== undefined) {
      throw new Error('Unknown encrypted value format');
    }
    const key = this.keys.get(id);
    if (!key) {
      throw new Error(`Encrypted with an unknown key (${id}): is the key it was written with configured?`);
    }
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.columnKey(key, field.column),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAAD(this.associatedData(field));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** Null, undefined and '' are stored as null. */
  encryptNullable(plaintext: string | null | undefined, field: FieldRef): string | null {
    return plaintext === null || plaintext === undefined || plaintext === ''
      ? null
      : this.encrypt(plaintext, field);
  }

  decryptNullable(value: string | null, field: FieldRef): string | null {
    return value === null ? null : this.decrypt(value, field);
  }

  encryptJson(value: unknown, field: FieldRef): string {
    return this.encrypt(JSON.stringify(value), field);
  }

  decryptJson<T>(value: string, field: FieldRef): T {
    return JSON.parse(this.decrypt(value, field)) as T;
  }

  /** True when the value was written with a retired key (a rotation re-encrypts it). */
  needsReencryption(value: string): boolean {
    return value !== ERASED_VALUE && !value.startsWith(`${this.current.id}.`);
  }

  private associatedData(field: FieldRef): Buffer {
    return Buffer.from(`${this.scope}/${field.column}/${field.row}`, 'utf8');
  }

  private columnKey(master: MasterKey, column: string): KeyObject {
    let key = master.columns.get(column);
    if (!key) {
      key = createSecretKey(
        Buffer.from(
          hkdfSync('sha256', master.secret, Buffer.alloc(0), `moni/${this.scope}/column/${column}`, 32),
        ),
      );
      master.columns.set(column, key);
    }
    return key;
  }
}

/**
 * A keyed hash (HMAC-SHA256) for exact search on an encrypted column: the same input gives the
 * same value, and without the key nothing can be learnt, not even by trying every possible input.
 */
export class BlindIndex {
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== 32) {
      throw new Error('A search key must be 32 bytes');
    }
    this.key = createSecretKey(key);
  }

  of(value: string): string {
    return createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
  }
}
