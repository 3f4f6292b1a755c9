// Events of the partners service: `events.partners.<resource>.<event>`. Ids and codes only.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PartnersEvents {}
