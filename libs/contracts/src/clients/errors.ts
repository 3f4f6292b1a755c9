// Error codes of the clients service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const CLIENTS_ERROR_CODES = [
  /** 422: no active consent covers the organisation, categories or purpose (details name what is missing). */
  'CONSENT.NOT_COVERED',
] as const;
