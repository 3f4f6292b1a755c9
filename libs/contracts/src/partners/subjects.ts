// Request/reply subjects of the partners service: `partners.<resource>.<verb>`.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PartnersRequests {}
