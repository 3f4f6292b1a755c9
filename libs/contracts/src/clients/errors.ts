// Error codes of the clients service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const CLIENTS_ERROR_CODES = [
  /** 409: a client with the same identity code, or name and date of birth, exists (details: the match, masked). */
  'CLIENT.POSSIBLE_DUPLICATE',
  /** 409: the client was erased; nothing more can be done with the record. */
  'CLIENT.ERASED',
  /** 409: the consent was withdrawn already. */
  'CONSENT.ALREADY_WITHDRAWN',
  /** 409: the consent is not active (refused, expired or superseded), so it cannot be withdrawn or superseded. */
  'CONSENT.NOT_ACTIVE',
  /** 422: no active consent covers the organisation, categories or purpose (details name what is missing). */
  'CONSENT.NOT_COVERED',
] as const;
