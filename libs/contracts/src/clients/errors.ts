// Error codes of the clients service; each must also be mapped in apps/gateway/src/errors/http-status.ts.

export const CLIENTS_ERROR_CODES = [] as const;
