// Error codes of the notifications service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const NOTIFICATIONS_ERROR_CODES = [] as const;
