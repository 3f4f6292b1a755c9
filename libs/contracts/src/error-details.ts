// The shape of `details` per error code: one shape for a code in every service, checked by the
// compiler where an AppError is made (`new AppError('RESOURCE.PRECONDITION_FAILED', ..., details)`).
// A code not listed here carries free-form details (or none). docs/architecture.md "Error codes".
import type { ErrorCode } from './errors.js';

/** One refused field of a 400 VALIDATION.FAILED (`units.0.name.fi`, `If-Match`, ...). */
export interface FieldError {
  field: string;
  reasons: string[];
}

export interface ErrorDetailsMap {
  'VALIDATION.FAILED': FieldError[];
  /** 412: the version in If-Match is not the resource's. */
  'RESOURCE.PRECONDITION_FAILED': { currentVersion: number; expectedVersion: number };
  /** 428: the header the change needs, and the version to send when the caller may know it. */
  'RESOURCE.PRECONDITION_REQUIRED': { header: 'If-Match'; currentVersion?: number };
  'REFERRAL.ILLEGAL_TRANSITION': { from: string; to: string };
  'REFERRAL.TRANSITION_NOT_ALLOWED': { from: string; to: string; allowedParties: readonly string[] };
  'REFERRAL.REASON_REQUIRED': { field: string; from: string; to: string; allowed?: readonly string[] };
}

/** The details an error of code `C` carries (`unknown` for a code without a declared shape). */
export type ErrorDetails<C extends ErrorCode> = C extends keyof ErrorDetailsMap
  ? ErrorDetailsMap[C]
  : unknown;
