import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { AppError } from '#contracts';
import { SERVICE_CONFIG } from './outbox.js';

/**
 * Where a cursor is valid: the list it came from and the organisation (or user) it was written
 * for. A cursor from another list or another organisation's caller does not verify.
 */
export interface CursorScope {
  list: string;
  /** The caller's organisation; null only for lists that belong to no organisation (e.g. the audit search). */
  organisationId: string | null;
  /** For per-user lists (notifications): the user as well. */
  userId?: string;
}

const invalid = () =>
  new AppError('VALIDATION.FAILED', 'The cursor is not valid', [
    { field: 'cursor', reasons: ['cursor must be a value from nextCursor of the same list'] },
  ]);

/**
 * The one keyset cursor of every list: `<base64url JSON>.<base64url HMAC-SHA256>` with the MAC over
 * the list name, the caller's organisation (and user) and the payload, keyed from CURSOR_SECRET.
 * The caller can neither forge a position nor carry one to another list or organisation.
 */
export class CursorCodec {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(
      Buffer.from(hkdfSync('sha256', secret, 'moni-cursor', 'keyset cursor v1', 32)),
    );
  }

  encode(scope: CursorScope, payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(scope, body).toString('base64url')}`;
  }

  /** null without a cursor; 400 VALIDATION.FAILED naming `cursor` for one that does not verify or parse. */
  decode<T>(
    scope: CursorScope,
    cursor: string | undefined,
    isValid: (value: unknown) => value is T,
  ): T | null {
    if (cursor === undefined || cursor === '') {
      return null;
    }
    const [body, mac, ...rest] = cursor.split('.');
    if (!body || !mac || rest.length > 0) {
      throw invalid();
    }
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(scope, body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalid();
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!isValid(value)) {
      throw invalid();
    }
    return value;
  }

  private mac(scope: CursorScope, body: string): Buffer {
    return createHmac('sha256', this.key)
      .update(JSON.stringify([scope.list, scope.organisationId, scope.userId ?? null, body]))
      .digest();
  }
}

/** The service's codec, keyed from its configuration (ServiceCoreModule provides it). */
@Injectable()
export class ServiceCursorCodec extends CursorCodec {
  constructor(@Inject(SERVICE_CONFIG) config: CommonConfig) {
    super(config.cursorSecret);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks for the usual payloads. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export const isStringPair = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');

/** `{ at, id }`: a sort time (ISO 8601) and the row id. */
export const isTimeAndId = (value: unknown): value is { at: string; id: string } => {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { at, id } = value as { at?: unknown; id?: unknown };
  return typeof at === 'string' && !Number.isNaN(new Date(at).getTime()) && isUuid(id);
};
