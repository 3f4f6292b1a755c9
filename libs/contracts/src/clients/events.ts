// Events of the clients service: `events.clients.<resource>.<event>`. Ids and codes only.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientsEvents {}
