// Request/reply subjects of the clients service: `clients.<resource>.<verb>`.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientsRequests {}
