// Error codes of the referrals service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const REFERRALS_ERROR_CODES = [] as const;
