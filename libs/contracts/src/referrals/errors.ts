// Error codes of the referrals service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const REFERRALS_ERROR_CODES = [
  /** 409: the state machine has no such transition from the current status (details: from, to). */
  'REFERRAL.ILLEGAL_TRANSITION',
  /** 403: the transition exists, but not for the caller's side (details: from, to, allowedParties). */
  'REFERRAL.TRANSITION_NOT_ALLOWED',
  /** 422: the transition needs a reason or outcome code (details: field, allowed). */
  'REFERRAL.REASON_REQUIRED',
  /** 422: the receiving organisation is not active, does not receive or does not accept referrals now. */
  'REFERRAL.RECIPIENT_UNAVAILABLE',
  /** 409: an open referral of the client to the same organisation and service exists; confirm to proceed. */
  'REFERRAL.POSSIBLE_DUPLICATE',
  /** 422: the need requires a data category the referral does not share (details: field, missingCategories). */
  'REFERRAL.CATEGORY_REQUIRED',
] as const;

export type ReferralsErrorCode = (typeof REFERRALS_ERROR_CODES)[number];
