// Error codes of the partners service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const PARTNERS_ERROR_CODES = [] as const;
