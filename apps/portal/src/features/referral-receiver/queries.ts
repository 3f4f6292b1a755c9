// One referral as the receiver (or sender) sees it. The key ['referral', id] is what the live
// stream invalidates; the receiver's first GET is what marks it received (the API does it).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page, Referral, Role } from '../../api/types';

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

/** A colleague as GET /organisations/{id}/colleagues gives them: no e-mail. */
export interface Colleague {
  userId: string;
  displayName: string | null;
  role: Role;
}

/** Enough for any organisation's staff: an assign control, not a directory. */
const MAX_COLLEAGUE_PAGES = 10;

/** The active members of the organisation the session acts for, all pages, sorted by name. */
export function useColleagues(organisationId: string | null) {
  return useQuery({
    queryKey: ['colleagues', organisationId],
    enabled: organisationId !== null,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const path = `/api/v1/organisations/${encodeURIComponent(organisationId ?? '')}/colleagues`;
      const colleagues: Colleague[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_COLLEAGUE_PAGES; page++) {
        const answer = await api.get<Page<Colleague>>(path, { cursor, limit: 100 });
        colleagues.push(...answer.items);
        if (!answer.nextCursor) {
          break;
        }
        cursor = answer.nextCursor;
      }
      return colleagues.sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''));
    },
  });
}
