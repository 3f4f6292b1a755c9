// Request/reply subjects of the notifications service: `notifications.<resource>.<verb>`.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationsRequests {}
