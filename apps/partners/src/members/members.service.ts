import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type ColleaguePage,
  type InvitationPage,
  type InvitationRefPayload,
  type InvitationView,
  type InviteMemberPayload,
  type ListMembersPayload,
  type MemberPage,
  type MemberRefPayload,
  type MemberView,
  type UpdateMemberPayload,
  isPlatformAdmin,
  requireActor,
  type ActorContext,
  isSystemActor,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { notFound, requireOrganisationAdmin } from '../access.js';
import { enforce, recordAudit } from '../audit.js';
import { PARTNERS_CONFIG, type PartnersConfig } from '../config.js';
import { CursorCodec } from '#service-core';
import { DEFAULT_PAGE_SIZE, isSortKey, scopeOf } from '../cursor.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { InvitationEntity, MembershipEntity } from './membership.entity.js';
import { invitationStatus, toColleagueView, toInvitationView, toMemberView } from './members.mapper.js';
import { MembersRepository } from './members.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const memberNotFound = () => notFound('member');

/** Who works in an organisation and may see its colleagues (to assign them work). */
const STAFF_ROLES: readonly string[] = ['advisor', 'partner_staff', 'org_admin'];

type Keyed = { createdAt: Date; id: string };

@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly organisations: OrganisationsRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(PARTNERS_CONFIG) private readonly config: PartnersConfig,
    private readonly cursors: CursorCodec,
  ) {}

  async list(actor: Actor | null, query: ListMembersPayload, correlationId: string): Promise<MemberPage> {
    const known = await this.enforceAdmin(
      actor,
      correlationId,
      'member.list',
      'organisation',
      null,
      query.organisationId,
    );
    await this.requireOrganisation(query.organisationId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf(`members:${query.organisationId}`, known.organisationId);
    const after = this.cursors.decode(scope, query.cursor, isSortKey);
    const rows = await this.members.listMemberships(query.organisationId, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const invitations =
      after === null ? await this.members.listOpenInvitations(query.organisationId, null, limit) : [];
    return {
      items: page.map(toMemberView),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encode(scope, [last.createdAt.toISOString(), last.id])
          : null,
      invitations: invitations.map((invitation) => toInvitationView(invitation)),
    };
  }

  /**
   * The active members of one's own organisation, for its staff (to assign work): ids, names and
   * roles, no e-mail. Another organisation is 404; a platform administrator (not staff) 403.
   */
  async colleagues(
    actor: Actor | null,
    query: ListMembersPayload,
    correlationId: string,
  ): Promise<ColleaguePage> {
    const known = await enforce(
      this.outbox,
      this.members.dataSource,
      { actor, correlationId },
      {
        action: 'member.colleagues',
        targetType: 'organisation',
        targetId: query.organisationId,
        targetOrganisationId: query.organisationId,
      },
      () => {
        const member = requireActor(actor);
        if (member.role === null || !STAFF_ROLES.includes(member.role)) {
          throw new AppError('AUTH.FORBIDDEN', "Only the organisation's staff see its colleagues");
        }
        if (member.organisationId !== query.organisationId) {
          throw notFound();
        }
        return member;
      },
    );
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf(`colleagues:${query.organisationId}`, known.organisationId);
    const after = this.cursors.decode(scope, query.cursor, isSortKey);
    const rows = await this.members.listActiveMembers(query.organisationId, after, limit + 1);
    return this.page(rows, limit, scope, toColleagueView);
  }

  /** Open invitations of the organisation, oldest first, for its administrators. */
  async invitations(
    actor: Actor | null,
    query: ListMembersPayload,
    correlationId: string,
  ): Promise<InvitationPage> {
    const known = await this.enforceAdmin(
      actor,
      correlationId,
      'invitation.list',
      'organisation',
      null,
      query.organisationId,
    );
    await this.requireOrganisation(query.organisationId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf(`invitations:${query.organisationId}`, known.organisationId);
    const after = this.cursors.decode(scope, query.cursor, isSortKey);
    const rows = await this.members.listOpenInvitations(query.organisationId, after, limit + 1);
    return this.page(rows, limit, scope, (invitation) => toInvitationView(invitation));
  }

  private page<Row extends Keyed, View>(
    rows: Row[],
    limit: number,
    scope: ReturnType<typeof scopeOf>,
    view: (row: Row) => View,
  ): { items: View[]; nextCursor: string | null } {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(view),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encode(scope, [last.createdAt.toISOString(), last.id])
          : null,
    };
  }

  /** The invitation is bound to the e-mail and expires; it becomes a membership at that user's first login. */
  async invite(
    actor: Actor | null,
    input: InviteMemberPayload,
    correlationId: string,
  ): Promise<InvitationView> {
    const known = await this.enforceAdmin(
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
      await this.record(manager, context, 'invitation.created', 'invitation', invitation.id, org.id, {
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
      return toInvitationView(invitation, now);
    });
  }

  async update(actor: Actor | null, input: UpdateMemberPayload, correlationId: string): Promise<MemberView> {
    const known = await this.enforceAdmin(
      actor,
      correlationId,
      'member.update',
      'membership',
      input.memberId,
      input.organisationId,
    );
    return this.members.dataSource.transaction(async (manager) => {
      const member = await this.lockMember(manager, known, input);
      if (member.status !== 'active') {
        throw new AppError('RESOURCE.CONFLICT', 'The member is deactivated; invite them again');
      }
      if (member.role === input.role) {
        return toMemberView(member);
      }
      const previousRole = member.role;
      member.role = input.role;
      member.updatedAt = new Date();
      await manager.save(MembershipEntity, member);
      const context = { actor: known, correlationId };
      await this.record(
        manager,
        context,
        'membership.role_changed',
        'membership',
        member.id,
        member.organisationId,
        {
          from: previousRole,
          to: member.role,
        },
      );
      await this.outbox.append(
        manager,
        'events.partners.membership.updated',
        this.eventData(member),
        context,
      );
      return toMemberView(member);
    });
  }

  /** Takes effect on the member's very next request (no cache in the gateway). */
  async deactivate(actor: Actor | null, input: MemberRefPayload, correlationId: string): Promise<MemberView> {
    const known = await this.enforceAdmin(
      actor,
      correlationId,
      'member.deactivate',
      'membership',
      input.memberId,
      input.organisationId,
    );
    return this.members.dataSource.transaction(async (manager) => {
      const member = await this.lockMember(manager, known, input);
      if (member.status === 'deactivated') {
        return toMemberView(member);
      }
      member.status = 'deactivated';
      member.updatedAt = new Date();
      await manager.save(MembershipEntity, member);
      const context = { actor: known, correlationId };
      await this.record(
        manager,
        context,
        'membership.deactivated',
        'membership',
        member.id,
        member.organisationId,
      );
      await this.outbox.append(
        manager,
        'events.partners.membership.deactivated',
        this.eventData(member),
        context,
      );
      return toMemberView(member);
    });
  }

  /** The organisation's admins, and the notifications service (system actor) that e-mails the invitee. */
  async getInvitation(
    actor: Actor | null,
    input: InvitationRefPayload,
    correlationId: string,
  ): Promise<InvitationView> {
    await this.enforceAdmin(
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
    const known = await this.enforceAdmin(
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
      await this.record(
        manager,
        { actor: known, correlationId },
        'invitation.revoked',
        'invitation',
        invitation.id,
        invitation.organisationId,
      );
      return toInvitationView(invitation, now);
    });
  }

  /**
   * The organisation's administration rule (requireOrganisationAdmin, or `exempt`); a refusal is
   * audited before it is answered (see enforce).
   */
  private enforceAdmin(
    actor: Actor | null,
    correlationId: string,
    action: string,
    targetType: string,
    targetId: string | null,
    organisationId: string,
    exempt: (actor: Actor) => boolean = () => false,
  ): Promise<Actor> {
    return enforce(
      this.outbox,
      this.members.dataSource,
      { actor, correlationId },
      { action, targetType, targetId: targetId ?? organisationId, targetOrganisationId: organisationId },
      () => {
        // The system passes only where `exempt` lets it (the notifications service reading an invitation).
        const known = requireActor(actor, 'user_or_system');
        return exempt(known) ? known : requireOrganisationAdmin(known, organisationId);
      },
    );
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

  private async requireOrganisation(id: string): Promise<void> {
    if (!(await this.organisations.findById(id))) {
      throw notFound();
    }
  }

  private async lockMember(
    manager: EntityManager,
    actor: Actor,
    ref: MemberRefPayload,
  ): Promise<MembershipEntity> {
    const member = await this.members.findMembership(manager, ref.organisationId, ref.memberId);
    if (!member) {
      throw memberNotFound();
    }
    if (member.userId === actor.userId) {
      throw new AppError(
        'MEMBER.SELF_CHANGE',
        'You cannot change your own membership; ask another administrator',
      );
    }
    return member;
  }

  private eventData(member: MembershipEntity) {
    return {
      membershipId: member.id,
      organisationId: member.organisationId,
      userId: member.userId,
      role: member.role,
    };
  }

  private record(
    manager: EntityManager,
    context: ActorContext,
    action: string,
    targetType: string,
    targetId: string,
    organisationId: string,
    detail?: Record<string, string>,
  ): Promise<void> {
    return recordAudit(this.outbox, manager, context, {
      action,
      targetType,
      targetId,
      detail: { organisationId, ...detail },
    });
  }
}
