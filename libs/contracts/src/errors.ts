// Stable error codes. Services throw AppError with one of these; the gateway maps each code
// to an HTTP status in one exhaustive switch (apps/gateway/src/errors/http-status.ts).

import { AUDIT_ERROR_CODES } from './audit/errors.js';
import type { ErrorDetails } from './error-details.js';
import { CLIENTS_ERROR_CODES } from './clients/errors.js';
import { NOTIFICATIONS_ERROR_CODES } from './notifications/errors.js';
import { PARTNERS_ERROR_CODES } from './partners/errors.js';
import { REFERRALS_ERROR_CODES } from './referrals/errors.js';

export const COMMON_ERROR_CODES = [
  'VALIDATION.FAILED',
  'REQUEST.MALFORMED_JSON',
  'REQUEST.TOO_LARGE',
  'AUTH.TOKEN_MISSING',
  'AUTH.TOKEN_MALFORMED',
  'AUTH.TOKEN_INVALID',
  'AUTH.TOKEN_EXPIRED',
  'AUTH.TOKEN_WRONG_AUDIENCE',
  'AUTH.FORBIDDEN',
  /** A state-changing request on the portal's session cookie without its CSRF token or from another origin. */
  'AUTH.CSRF',
  'ROUTE.NOT_FOUND',
  'RESOURCE.NOT_FOUND',
  'RESOURCE.CONFLICT',
  'RESOURCE.PRECONDITION_FAILED',
  /** 428: the change needs If-Match (the version last read) and none was given. */
  'RESOURCE.PRECONDITION_REQUIRED',
  'RULE.VIOLATED',
  'RATE.LIMITED',
  'SERVICE.UNAVAILABLE',
  'INTERNAL.ERROR',
] as const;

export const ERROR_CODES = [
  ...COMMON_ERROR_CODES,
  ...PARTNERS_ERROR_CODES,
  ...CLIENTS_ERROR_CODES,
  ...REFERRALS_ERROR_CODES,
  ...NOTIFICATIONS_ERROR_CODES,
  ...AUDIT_ERROR_CODES,
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Faults (5xx, logged as errors with their stack); every other code refuses a request (4xx). */
export const FAULT_ERROR_CODES: readonly ErrorCode[] = ['INTERNAL.ERROR', 'SERVICE.UNAVAILABLE'];

export function isFaultCode(code: ErrorCode): boolean {
  return FAULT_ERROR_CODES.includes(code);
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A domain error as data: safe to send over NATS and to show to the caller (no personal data). */
class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: unknown): DomainError | null {
    if (typeof body !== 'object' || body === null) {
      return null;
    }
    const { code, message, details } = body as Partial<ErrorBody>;
    if (!isErrorCode(code)) {
      return null;
    }
    return new DomainError(code, typeof message === 'string' ? message : code, details);
  }
}

/**
 * `new AppError(code, message, details)`: the details must have the shape declared for the code
 * (error-details.ts). The class itself is not generic, so `instanceof AppError` narrows to one type.
 */
interface AppErrorConstructor {
  new <C extends ErrorCode>(code: C, message: string, details?: ErrorDetails<C>): DomainError;
  readonly prototype: DomainError;
  fromBody(body: unknown): DomainError | null;
}

export const AppError = DomainError as AppErrorConstructor;
export type AppError = DomainError;

/** `instanceof AppError` narrows to AppError<any>; this narrows to an AppError of one of our codes. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
