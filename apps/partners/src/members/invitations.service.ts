import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  type Actor,
  type InvitationPage,
  type InvitationRefPayload,
  type InvitationView,
  type InviteMemberPayload,
  type ListMembersPayload,
  isPlatformAdmin,
  isSystemActor,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { notFound } from '../access.js';
import { enforce } from '../audit.js';
import { PARTNERS_CONFIG, type PartnersConfig } from '../config.js';
import { CursorCodec, replyWithin } from '#service-core';
import { DEFAULT_PAGE_SIZE, isSortKey, scopeOf } from '../cursor.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { MemberAdministration } from './member-administration.js';
import { InvitationEntity } from './membership.entity.js';
import { invitationStatus, toInvitationView } from './members.mapper.js';
import { MembersRepository } from './members.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Invitations: made by an organisation's administrators, accepted at the invitee's first login. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly members: MembersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly admin: MemberAdministration,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(PARTNERS_CONFIG) private readonly config: PartnersConfig,
    private readonly cursors: CursorCodec,
  ) {}

  /** Open invitations of the organisation, oldest first, for its administrators. */
  async invitations(
    actor: Actor | null,
    query: ListMembersPayload,
    correlationId: string,
  ): Promise<InvitationPage> {
    const known = await this.admin.enforceAdmin(
      actor,
      correlationId,
      'invitation.list',
      'organisation',
      null,
      query.organisationId,
    );
    await this.admin.requireOrganisation(query.organisationId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf(`invitations:${query.organisationId}`, known.organisationId);
    const after = this.cursors.decode(scope, query.cursor, isSortKey);
    const rows = await this.members.listOpenInvitations(query.organisationId, after, limit + 1);
    return this.admin.page(rows, limit, scope, (invitation) => toInvitationView(invitation));
  }

  /** The invitation is bound to the e-mail and expires; it becomes a membership at that user's first login. */
  async invite(
    actor: Actor | null,
    input: InviteMemberPayload,
    correlationId: string,
  ): Promise<InvitationView> {
    const known = await this.admin.enforceAdmin(
      actor,
      correlationId,
      'member.invite',
      'organisation',
      null,
      input.organisationId,
    );
    const email = input.email.trim().toLowerCase();
    await this.enforceInviteRules(known, input, email, correlationId);
    return this.members.dataSource.transaction(async (manager) => {
      const org = await this.organisations.findByIdForUpdate(manager, input.organisationId);
      if (!org) {
        throw notFound();
      }
      if (org.status === 'deactivated') {
        throw new AppError('ORGANISATION.DEACTIVATED', 'The organisation is deactivated');
      }
      if (await this.members.hasActiveMemberWithEmail(manager, org.id, email)) {
        throw new AppError(
          'MEMBER.ALREADY_MEMBER',
          'This e-mail belongs to a member of the organisation already',
          [{ field: 'email', reasons: ['email is already a member'] }],
        );
      }
      const now = new Date();
      await this.members.revokeOpenInvitations(manager, org.id, email, now);
      const invitation = manager.create(InvitationEntity, {
        id: randomUUID(),
        organisationId: org.id,
        email,
        role: input.role,
        invitedBy: known.userId,
        language: input.language ?? org.intakeLanguage ?? null,
        expiresAt: new Date(now.getTime() + this.config.invitationTtlDays * DAY_MS),
        acceptedAt: null,
        acceptedBy: null,
        revokedAt: null,
        createdAt: now,
      });
      await manager.insert(InvitationEntity, invitation);
      const context = { actor: known, correlationId };
      await this.admin.record(manager, context, 'invitation.created', 'invitation', invitation.id, org.id, {
        role: input.role,
      });
      await this.outbox.append(
        manager,
        'events.partners.invitation.created',
        {
          invitationId: invitation.id,
          organisationId: org.id,
          role: invitation.role,
          expiresAt: invitation.expiresAt.toISOString(),
        },
        context,
      );
      return replyWithin(manager, toInvitationView(invitation, now));
    });
  }

  /** The organisation's admins, and the notifications service (system actor) that e-mails the invitee. */
  async getInvitation(
    actor: Actor | null,
    input: InvitationRefPayload,
    correlationId: string,
  ): Promise<InvitationView> {
    await this.admin.enforceAdmin(
      actor,
      correlationId,
      'invitation.get',
      'invitation',
      input.invitationId,
      input.organisationId,
      isSystemActor,
    );
    const invitation = await this.members.findInvitation(
      this.members.dataSource.manager,
      input.organisationId,
      input.invitationId,
    );
    if (!invitation) {
      throw notFound('invitation');
    }
    return toInvitationView(invitation);
  }

  async revokeInvitation(
    actor: Actor | null,
    input: InvitationRefPayload,
    correlationId: string,
  ): Promise<InvitationView> {
    const known = await this.admin.enforceAdmin(
      actor,
      correlationId,
      'invitation.revoke',
      'invitation',
      input.invitationId,
      input.organisationId,
    );
    return this.members.dataSource.transaction(async (manager) => {
      const invitation = await this.members.findInvitation(manager, input.organisationId, input.invitationId);
      if (!invitation) {
        throw notFound('invitation');
      }
      const now = new Date();
      if (invitationStatus(invitation, now) !== 'open') {
        throw new AppError('INVITATION.CLOSED', 'The invitation is no longer open');
      }
      invitation.revokedAt = now;
      await manager.save(InvitationEntity, invitation);
      await this.admin.record(
        manager,
        { actor: known, correlationId },
        'invitation.revoked',
        'invitation',
        invitation.id,
        invitation.organisationId,
      );
      return replyWithin(manager, toInvitationView(invitation, now));
    });
  }

  /**
   * Nobody invites themselves (their verified e-mail, or one they are known by), and a platform
   * administrator invites only the organisation's administrator: it never makes itself (or anyone)
   * staff who read client data. Refusals are audited like the access rule's.
   */
  private async enforceInviteRules(
    actor: Actor,
    input: InviteMemberPayload,
    email: string,
    correlationId: string,
  ): Promise<void> {
    const ownEmail =
      actor.email === email ||
      (await this.members.isEmailOf(this.members.dataSource.manager, actor.userId, email));
    const actsAsPlatformAdmin =
      isPlatformAdmin(actor) &&
      !(actor.organisationId === input.organisationId && actor.role === 'org_admin');
    await enforce(
      this.outbox,
      this.members.dataSource,
      { actor, correlationId },
      {
        action: 'member.invite',
        targetType: 'organisation',
        targetId: input.organisationId,
        targetOrganisationId: input.organisationId,
      },
      () => {
        if (ownEmail) {
          throw new AppError('MEMBER.SELF_CHANGE', 'You cannot invite yourself', [
            { field: 'email', reasons: ['email is your own'] },
          ]);
        }
        if (actsAsPlatformAdmin && input.role !== 'org_admin') {
          throw new AppError(
            'AUTH.FORBIDDEN',
            'A platform administrator invites only organisation administrators',
            [{ field: 'role', reasons: ['role must be org_admin'] }],
          );
        }
      },
    );
  }
}
