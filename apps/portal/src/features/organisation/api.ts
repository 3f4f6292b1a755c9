// The partners API calls of the administration screens.
import { request } from '../../api/client';
import type { Invitation, MemberPage, MemberRole, Organisation, Service } from './types';
import type { Page } from '../../api/types';

const base = '/api/v1';

export async function getOrganisation(id: string): Promise<Organisation> {
  return (await request<Organisation>(`${base}/organisations/${id}`)).data;
}

export async function updateOrganisation(
  organisation: Pick<Organisation, 'id' | 'version'>,
  body: unknown,
): Promise<Organisation> {
  const answer = await request<Organisation>(`${base}/organisations/${organisation.id}`, {
    method: 'PATCH',
    body,
    headers: { 'If-Match': `"${organisation.version}"` },
  });
  return answer.data;
}

export async function acceptAgreement(id: string, version: string): Promise<Organisation> {
  return (
    await request<Organisation>(`${base}/organisations/${id}/agreement`, {
      method: 'POST',
      body: { version },
    })
  ).data;
}

export async function listMembers(organisationId: string, cursor?: string): Promise<MemberPage> {
  return (await request<MemberPage>(`${base}/organisations/${organisationId}/members`, { query: { cursor } }))
    .data;
}

/** Open invitations, oldest first, a page at a time. */
export async function listInvitations(organisationId: string, cursor?: string): Promise<Page<Invitation>> {
  return (
    await request<Page<Invitation>>(`${base}/organisations/${organisationId}/invitations`, {
      query: { cursor },
    })
  ).data;
}

export interface InviteInput {
  email: string;
  role: MemberRole;
  language?: string;
}

export async function inviteMember(organisationId: string, body: InviteInput): Promise<Invitation> {
  return (
    await request<Invitation>(`${base}/organisations/${organisationId}/members`, { method: 'POST', body })
  ).data;
}

export async function changeRole(organisationId: string, memberId: string, role: MemberRole): Promise<void> {
  await request(`${base}/organisations/${organisationId}/members/${memberId}`, {
    method: 'PATCH',
    body: { role },
  });
}

export async function deactivateMember(organisationId: string, memberId: string): Promise<void> {
  await request(`${base}/organisations/${organisationId}/members/${memberId}`, { method: 'DELETE' });
}

export async function revokeInvitation(organisationId: string, invitationId: string): Promise<void> {
  await request(`${base}/organisations/${organisationId}/invitations/${invitationId}`, { method: 'DELETE' });
}

export async function listServices(organisationId: string, cursor?: string): Promise<Page<Service>> {
  return (
    await request<Page<Service>>(`${base}/organisations/${organisationId}/services`, { query: { cursor } })
  ).data;
}

export async function createService(organisationId: string, body: unknown): Promise<Service> {
  return (
    await request<Service>(`${base}/organisations/${organisationId}/services`, { method: 'POST', body })
  ).data;
}

export async function updateService(serviceId: string, body: unknown): Promise<Service> {
  return (await request<Service>(`${base}/services/${serviceId}`, { method: 'PATCH', body })).data;
}

export async function deleteService(serviceId: string): Promise<void> {
  await request(`${base}/services/${serviceId}`, { method: 'DELETE' });
}
