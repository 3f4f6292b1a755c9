// One referral as the receiver (or sender) sees it. The key ['referral', id] is what the live
// stream invalidates; the receiver's first GET is what marks it received (the API does it).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Referral } from '../../api/types';

/** The detail's fields the portal's shared Referral type does not list (referrals.dto.ts). */
export type ReferralDetail = Referral & {
  assigneeId?: string | null;
  receivedAt?: string | null;
  sharedData?: Record<string, Record<string, unknown>> | null;
  redactedAt?: string | null;
};

export const referralPath = (id: string) => `/api/v1/referrals/${encodeURIComponent(id)}`;

export function useReferralDetail(referralId: string) {
  return useQuery({
    queryKey: ['referral', referralId],
    queryFn: () => api.get<ReferralDetail>(referralPath(referralId)),
  });
}
