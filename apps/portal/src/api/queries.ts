// Queries shared by several screens. Keys start with the resource so the live stream's
// invalidation (['referrals'], ['referral', id], ['notifications']) reaches them.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type {
  Client,
  ClientListItem,
  Consent,
  DirectoryService,
  Page,
  Referral,
  ReferralList,
  ReferralSummary,
} from './types';

export function useClient(clientId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['client', clientId],
    queryFn: () => api.get<Client>(`/api/v1/clients/${encodeURIComponent(clientId)}`),
  });
}

export function useClientSearch(q: string | undefined) {
  return useInfiniteQuery({
    queryKey: ['clients', q ?? ''],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<Page<ClientListItem>>('/api/v1/clients', { q, cursor: pageParam, limit: 20 }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useConsents(clientId: string) {
  return useQuery({
    queryKey: ['consents', clientId],
    queryFn: () => api.get<{ items: Consent[] }>(`/api/v1/clients/${encodeURIComponent(clientId)}/consents`),
  });
}

/** The directory's services (by need and language), the source of recipients too. */
export function useDirectory(need?: string, language?: string) {
  return useQuery({
    queryKey: ['directory', need ?? '', language ?? ''],
    queryFn: () =>
      api.get<Page<DirectoryService>>('/api/v1/directory/services', { need, language, limit: 100 }),
    staleTime: 60_000,
  });
}

export interface DirectoryOrganisation {
  id: string;
  name: DirectoryService['organisation']['name'];
  acceptingReferrals: boolean;
}

/** The organisations that have services in the directory (the ones a consent can name). */
export function useDirectoryOrganisations() {
  const directory = useDirectory();
  const organisations = new Map<string, DirectoryOrganisation>();
  for (const service of directory.data?.items ?? []) {
    organisations.set(service.organisation.id, service.organisation);
  }
  return { ...directory, organisations: [...organisations.values()] };
}

export function useOutgoingReferrals(filters: Record<string, string | boolean | undefined>) {
  return useInfiniteQuery({
    queryKey: ['referrals', 'outgoing', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<ReferralList>('/api/v1/referrals', {
        box: 'outgoing',
        ...filters,
        cursor: pageParam,
        limit: 25,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A client's referrals: the outbox has no client filter, so the first 100 are filtered here. */
export function useClientReferrals(clientId: string) {
  return useQuery({
    queryKey: ['referrals', 'outgoing', 'client', clientId],
    queryFn: async () => {
      const page = await api.get<ReferralList>('/api/v1/referrals', { box: 'outgoing', limit: 100 });
      return page.items.filter((item: ReferralSummary) => item.clientId === clientId);
    },
  });
}

export function useReferral(referralId: string) {
  return useQuery({
    queryKey: ['referral', referralId],
    queryFn: () => api.get<Referral>(`/api/v1/referrals/${encodeURIComponent(referralId)}`),
  });
}
