import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  type Actor,
  type MemberKind,
  type MembershipView,
  type ResolveMembershipPayload,
  type ResolveMembershipReply,
  isPlatformAdmin,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { recordAudit } from '../audit.js';
import { localisedName } from '../organisations/organisation.mapper.js';
import { MembersRepository, type ActiveMembershipRow } from './members.repository.js';

const toMembershipView = (row: ActiveMembershipRow): MembershipView => ({
  organisationId: row.organisationId,
  organisationName: localisedName(row),
  organisationStatus: row.organisationStatus,
  role: row.role,
});

/** What colleagues see of the user: the token's name, else the username. */
export function displayNameOf(input: Pick<ResolveMembershipPayload, 'name' | 'username'>): string | null {
  return input.name?.trim() || input.username?.trim() || null;
}

/**
 * A service account's token makes its memberships a system's. Otherwise null (keep what is stored):
 * a token that does not say so is no proof of a person, and a system once known stays one.
 */
function kindOf(input: Pick<ResolveMembershipPayload, 'serviceAccount'>): MemberKind | null {
  return input.serviceAccount === true ? 'system' : null;
}

/**
 * Which organisation and role a request acts in. Asked by the gateway on every request, never
 * cached, so a deactivated member or organisation is refused on its very next request.
 */
@Injectable()
export class MembershipService {
  constructor(
    private readonly members: MembersRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  async resolve(input: ResolveMembershipPayload, correlationId: string): Promise<ResolveMembershipReply> {
    const email = input.emailVerified && input.email ? input.email.trim().toLowerCase() : null;
    // Only a verified e-mail claims an invitation, and never one its own user made.
    const asked = await this.members.membershipsAtRequest(input.userId, email);
    let rows = asked.memberships;
    if (email !== null && asked.openInvitation) {
      await this.acceptInvitations(input, email, correlationId);
      rows = await this.members.activeMembershipsOf(input.userId);
    }
    await this.keepProfile(input, email, rows);
    const memberships = rows.map(toMembershipView);
    const platformAdmin = isPlatformAdmin({ realmRoles: input.realmRoles });

    if (input.requestedOrganisationId) {
      const chosen = memberships.find((m) => m.organisationId === input.requestedOrganisationId);
      if (!chosen) {
        throw new AppError('AUTH.FORBIDDEN', 'You are not an active member of that organisation');
      }
      return { memberships, activeOrganisationId: chosen.organisationId, role: chosen.role };
    }
    if (platformAdmin) {
      return { memberships, activeOrganisationId: null, role: 'platform_admin' };
    }
    if (memberships.length === 1) {
      return { memberships, activeOrganisationId: memberships[0].organisationId, role: memberships[0].role };
    }
    return { memberships, activeOrganisationId: null, role: null };
  }

  /** What this sign-in says of the user (e-mail, name, person or system) onto their memberships. */
  private async keepProfile(
    input: ResolveMembershipPayload,
    email: string | null,
    rows: ActiveMembershipRow[],
  ): Promise<void> {
    const displayName = displayNameOf(input);
    const kind = kindOf(input);
    if (
      (email !== null && rows.some((row) => row.email !== email)) ||
      (displayName !== null && rows.some((row) => row.displayName !== displayName)) ||
      (kind !== null && rows.some((row) => row.kind !== kind))
    ) {
      await this.members.updateProfile(input.userId, { email, displayName, kind });
    }
  }

  /** Open invitations to this verified e-mail become memberships, each claimed once. */
  private async acceptInvitations(
    input: ResolveMembershipPayload,
    email: string,
    correlationId: string,
  ): Promise<void> {
    await this.members.dataSource.transaction(async (manager) => {
      const at = new Date();
      const claimed = await this.members.claimOpenInvitations(manager, email, input.userId, at);
      for (const invitation of claimed) {
        const actor: Actor = {
          userId: input.userId,
          username: input.username,
          organisationId: invitation.organisationId,
          role: invitation.role,
          realmRoles: input.realmRoles,
        };
        const context = { actor, correlationId };
        const membership = await this.members.upsertMembership(manager, {
          id: randomUUID(),
          userId: input.userId,
          organisationId: invitation.organisationId,
          role: invitation.role,
          email,
          displayName: displayNameOf(input),
          at,
        });
        await recordAudit(this.outbox, manager, context, {
          action: 'invitation.accepted',
          targetType: 'invitation',
          targetId: invitation.id,
          detail: { role: invitation.role, membershipId: membership?.id ?? null },
        });
        if (membership) {
          await this.outbox.append(
            manager,
            'events.partners.membership.created',
            {
              membershipId: membership.id,
              organisationId: invitation.organisationId,
              userId: input.userId,
              role: invitation.role,
            },
            context,
          );
        }
      }
    });
  }
}
