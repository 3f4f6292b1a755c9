// Request/reply subjects of the audit service: `audit.<resource>.<verb>`.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditRequests {}
