import type { ColleagueView, InvitationStatus, InvitationView, MemberView } from '#contracts';
import type { InvitationEntity, MembershipEntity } from './membership.entity.js';

export const toMemberView = (m: MembershipEntity): MemberView => ({
  id: m.id,
  userId: m.userId,
  organisationId: m.organisationId,
  email: m.email,
  displayName: m.displayName,
  kind: m.kind,
  role: m.role,
  status: m.status,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

export const toColleagueView = (m: MembershipEntity): ColleagueView => ({
  userId: m.userId,
  displayName: m.displayName,
  role: m.role,
});

export function invitationStatus(invitation: InvitationEntity, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) {
    return 'accepted';
  }
  if (invitation.revokedAt) {
    return 'revoked';
  }
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open';
}

export const toInvitationView = (invitation: InvitationEntity, now = new Date()): InvitationView => ({
  id: invitation.id,
  organisationId: invitation.organisationId,
  email: invitation.email,
  role: invitation.role,
  status: invitationStatus(invitation, now),
  invitedBy: invitation.invitedBy,
  language: invitation.language ?? null,
  expiresAt: invitation.expiresAt.toISOString(),
  acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
  createdAt: invitation.createdAt.toISOString(),
});
