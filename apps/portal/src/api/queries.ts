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

/** The API's limit on `ids` (and on a page). */
const MAX_IDS_PER_LOOKUP = 100;

/**
 * The names of the listed clients in one read (GET /clients?ids=, audited per client like any list)
 * rather than one GET each. A client not in the answer is one erased since.
 */
export function useClientNames(clientIds: readonly (string | null)[]) {
  const ids = [...new Set(clientIds.filter((id): id is string => id !== null))].sort();
  return useQuery({
    enabled: ids.length > 0,
    queryKey: ['clients', 'names', ids],
    queryFn: async () => {
      const chunks: string[][] = [];
      for (let start = 0; start < ids.length; start += MAX_IDS_PER_LOOKUP) {
        chunks.push(ids.slice(start, start + MAX_IDS_PER_LOOKUP));
      }
      const pages = await Promise.all(
        chunks.map((chunk) =>
          api.get<Page<ClientListItem>>('/api/v1/clients', { ids: chunk.join(','), limit: chunk.length }),
        ),
      );
      return new Map(pages.flatMap((page) => page.items).map((client) => [client.id, client]));
    },
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

/** A client's referrals (the outgoing box's clientId filter), newest first, page by page. */
export function useClientReferrals(clientId: string) {
  return useOutgoingReferrals({ clientId });
}

export function useReferral(referralId: string) {
  return useQuery({
    queryKey: ['referral', referralId],
    queryFn: () => api.get<Referral>(`/api/v1/referrals/${encodeURIComponent(referralId)}`),
  });
}
