// Request/reply subjects of the referrals service: `referrals.<resource>.<verb>`.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReferralsRequests {}
