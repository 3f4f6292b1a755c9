// Error codes of the audit service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const AUDIT_ERROR_CODES = [] as const;
