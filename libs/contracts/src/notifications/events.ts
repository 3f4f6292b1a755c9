// Events of the notifications service: `events.notifications.<resource>.<event>`. Ids and codes only.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationsEvents {}
