import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type ColleaguePage,
  type ListMembersPayload,
  type MemberPage,
  type MemberRefPayload,
  type MemberView,
  type UpdateMemberPayload,
  requireActor,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { notFound } from '../access.js';
import { enforce } from '../audit.js';
import { CursorCodec, replyWithin } from '#service-core';
import { DEFAULT_PAGE_SIZE, isSortKey, scopeOf } from '../cursor.js';
import { MemberAdministration } from './member-administration.js';
import { MembershipEntity } from './membership.entity.js';
import { toColleagueView, toInvitationView, toMemberView } from './members.mapper.js';
import { MembersRepository } from './members.repository.js';

const memberNotFound = () => notFound('member');

/** Who works in an organisation and may see its colleagues (to assign them work). */
const STAFF_ROLES: readonly string[] = ['advisor', 'partner_staff', 'org_admin'];

/** Members of an organisation: who they are, their roles, and leaving. */
@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly admin: MemberAdministration,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    private readonly cursors: CursorCodec,
  ) {}

  async list(actor: Actor | null, query: ListMembersPayload, correlationId: string): Promise<MemberPage> {
    const known = await this.admin.enforceAdmin(
      actor,
      correlationId,
      'member.list',
      'organisation',
      null,
      query.organisationId,
    );
    await this.admin.requireOrganisation(query.organisationId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = scopeOf(`members:${query.organisationId}`, known.organisationId);
    const after = this.cursors.decode(scope, query.cursor, isSortKey);
    const rows = await this.members.listMemberships(query.organisationId, after, limit + 1);
    // The first page also lists the open invitations.
    const invitations =
      after === null ? await this.members.listOpenInvitations(query.organisationId, null, limit) : [];
    return {
      ...this.admin.page(rows, limit, scope, toMemberView),
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
    return this.admin.page(rows, limit, scope, toColleagueView);
  }

  async update(actor: Actor | null, input: UpdateMemberPayload, correlationId: string): Promise<MemberView> {
    const known = await this.admin.enforceAdmin(
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
        return replyWithin(manager, toMemberView(member));
      }
      const previousRole = member.role;
      member.role = input.role;
      member.updatedAt = new Date();
      await manager.save(MembershipEntity, member);
      const context = { actor: known, correlationId };
      await this.admin.record(
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
      return replyWithin(manager, toMemberView(member));
    });
  }

  /** Takes effect on the member's very next request (no cache in the gateway). */
  async deactivate(actor: Actor | null, input: MemberRefPayload, correlationId: string): Promise<MemberView> {
    const known = await this.admin.enforceAdmin(
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
        return replyWithin(manager, toMemberView(member));
      }
      member.status = 'deactivated';
      member.updatedAt = new Date();
      await manager.save(MembershipEntity, member);
      const context = { actor: known, correlationId };
      await this.admin.record(
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
      return replyWithin(manager, toMemberView(member));
    });
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
}
