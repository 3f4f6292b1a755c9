import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { IdempotentRequest } from './idempotency.js';

/** AES-256-GCM for stored replies, bound to their row (subject, user, organisation, key). */
export class ReplyCipher {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(
      Buffer.from(hkdfSync('sha256', secret, 'moni-idempotency', 'stored reply v1', 32)),
    );
  }

  encrypt(request: IdempotentRequest, value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(this.boundTo(request)));
    const body = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(request: IdempotentRequest, stored: string): unknown {
    const raw = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(this.boundTo(request)));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  }

  private boundTo(request: IdempotentRequest): string {
    return JSON.stringify([request.subject, request.userId, request.organisationId, request.key]);
  }
}
