// Events of the referrals service: `events.referrals.<resource>.<event>`. Ids and codes only.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReferralsEvents {}
