// The platform admin's organisation calls.
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import type { Organisation, OrganisationStatus } from '../organisation/types';

export async function listOrganisations(
  filter: { status?: OrganisationStatus; q?: string },
  cursor?: string,
): Promise<Page<Organisation>> {
  return (await request<Page<Organisation>>('/api/v1/organisations', { query: { ...filter, cursor } })).data;
}

export async function createOrganisation(body: unknown): Promise<Organisation> {
  return (await request<Organisation>('/api/v1/organisations', { method: 'POST', body })).data;
}

export async function deactivateOrganisation(id: string): Promise<Organisation> {
  return (await request<Organisation>(`/api/v1/organisations/${id}/deactivate`, { method: 'POST', body: {} }))
    .data;
}

/** A deactivated organisation back: active, or pending its agreement if it never accepted one. */
export async function activateOrganisation(id: string): Promise<Organisation> {
  return (await request<Organisation>(`/api/v1/organisations/${id}/activate`, { method: 'POST', body: {} }))
    .data;
}
