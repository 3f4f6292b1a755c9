// The inbox's data. Keys start with ['referrals'] so the live stream's invalidation reaches them.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { LocalisedText, ReferralList } from '../../api/types';

export interface OrganisationService {
  id: string;
  name: LocalisedText;
}

export function useIncomingReferrals(query: Record<string, string | boolean | undefined>) {
  return useInfiniteQuery({
    queryKey: ['referrals', 'incoming', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<ReferralList>('/api/v1/referrals', { ...query, cursor: pageParam, limit: 25 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Open referrals assigned to the caller: the "mine" count (the list's counts are per status). */
export function useMineCount() {
  return useQuery({
    queryKey: ['referrals', 'incoming', 'mine-count'],
    queryFn: async () => {
      const page = await api.get<ReferralList>('/api/v1/referrals', {
        box: 'incoming',
        assignee: 'me',
        status: 'requested,received,accepted,in_progress,on_hold',
        limit: 100,
      });
      return { count: page.items.length, more: page.nextCursor !== null };
    },
  });
}

/** The organisation's own services (for the service filter). */
export function useOrganisationServices(organisationId: string | null) {
  return useQuery({
    queryKey: ['organisation-services', organisationId],
    enabled: organisationId !== null,
    staleTime: 5 * 60_000,
    queryFn: () =>
      api.get<{ items: OrganisationService[] }>(
        `/api/v1/organisations/${encodeURIComponent(organisationId ?? '')}/services`,
        { limit: 100 },
      ),
  });
}
