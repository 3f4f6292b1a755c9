import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type ListMessagesPayload,
  type ListReferralsPayload,
  type ReferralList,
  type ReferralMessageList,
  type ReferralMinimalView,
  type ReferralView,
  type ActorContext,
} from '#contracts';
import { CursorCodec, isTimeAndId } from '#service-core';
import { FieldCipher } from '../crypto/field-cipher.js';
import { userTransaction } from './deadlock-retry.js';
import { partyOf, referralNotFound, requireBoxOwner, toMinimalView } from './referral-access.js';
import { ReferralAudit } from './referral-audit.js';
import { ReferralChanges } from './referral-changes.js';
import type { ReferralEntity, ReferralHistoryEntity } from './referral.entity.js';
import { textsWithheld, toMessageView, toSummary, toView } from './referral.mapper.js';
import { ReferralRepository } from './referral.repository.js';
import { planTransition, type Party } from './referral-state-machine.js';

const DEFAULT_PAGE = 25;

/** Reads of referrals: each answer holds only what the caller's party may see, and reads of shared data are audited. */
@Injectable()
export class ReferralReads {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly cipher: FieldCipher,
    private readonly cursors: CursorCodec,
    private readonly audit: ReferralAudit,
    private readonly changes: ReferralChanges,
  ) {}

  async get(actor: Actor, referralId: string, correlationId: string): Promise<ReferralView> {
    const context = { actor, correlationId };
    const found = await this.referrals.findById(this.dataSource.manager, referralId);
    const party = found ? partyOf(actor, found) : null;
    if (!found || party === null || party === 'admin') {
      await this.audit.refusal(context, 'referral.read', referralId, found);
      throw referralNotFound();
    }
    return userTransaction(this.dataSource, async (manager) => {
      let referral = found;
      if (party === 'receiver' && referral.status === 'requested') {
        // The first open by the receiving organisation is the `received` step.
        const locked = await this.referrals.lockById(manager, referralId);
        if (locked?.status === 'requested') {
          referral = locked;
          await this.changes.apply(
            manager,
            referral,
            planTransition({ from: 'requested', to: 'received', party }),
            {},
            context,
          );
        } else if (locked) {
          referral = locked;
        }
      }
      return this.auditedView(manager, context, referral, party);
    });
  }

  /**
   * A replay of a command (the same idempotency key): the referral as the caller may see it now,
   * never the stored reply. A platform administrator gets the minimal view; a read is audited as GET.
   */
  async reread(
    actor: Actor,
    referralId: string,
    correlationId: string,
  ): Promise<ReferralView | ReferralMinimalView> {
    const context = { actor, correlationId };
    const referral = await this.referrals.findById(this.dataSource.manager, referralId);
    const party = referral ? partyOf(actor, referral) : null;
    if (!referral || party === null || party === 'system') {
      await this.audit.refusal(context, 'referral.read', referralId, referral);
      throw referralNotFound();
    }
    if (party === 'admin') {
      return toMinimalView(referral);
    }
    return userTransaction(this.dataSource, (manager) => this.auditedView(manager, context, referral, party));
  }

  async list(actor: Actor, data: ListReferralsPayload): Promise<ReferralList> {
    const organisationId = requireBoxOwner(actor, data.box);
    // Client ids are the sender's: another organisation's client simply matches nothing.
    if (data.clientId !== undefined && data.box !== 'outgoing') {
      throw new AppError('VALIDATION.FAILED', 'clientId filters the outgoing box only', [
        { field: 'clientId', reasons: ['clientId is allowed with box=outgoing only'] },
      ]);
    }
    const now = new Date();
    const limit = data.limit ?? DEFAULT_PAGE;
    const scope = { list: `referrals:${data.box}`, organisationId };
    const after = this.cursors.decode(scope, data.cursor, isTimeAndId);
    const manager = this.dataSource.manager;
    const [rows, counts] = await Promise.all([
      this.referrals.list(manager, {
        box: data.box,
        organisationId,
        statuses: data.status,
        overdue: data.overdue,
        need: data.need,
        serviceId: data.serviceId,
        clientId: data.clientId,
        assigneeId: assigneeFilter(data.assignee, actor),
        from: data.from ? new Date(data.from) : undefined,
        to: data.to ? new Date(data.to) : undefined,
        after: after ? { listedAt: new Date(after.at), id: after.id } : undefined,
        limit,
        now,
      }),
      this.referrals.counts(manager, data.box, organisationId, now),
    ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toSummary(row, now, data.box === 'outgoing')),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encode(scope, { at: last.listedAt.toISOString(), id: last.id })
          : null,
      counts: { ...counts.byStatus, overdue: counts.overdue },
    };
  }

  async listMessages(
    actor: Actor,
    data: ListMessagesPayload,
    correlationId: string,
  ): Promise<ReferralMessageList> {
    const context = { actor, correlationId };
    const { referral, party } = await this.findVisible(
      actor,
      'referral.messages.read',
      data.referralId,
      context,
    );
    const withheld = textsWithheld(referral, party);
    const limit = data.limit ?? 50;
    const scope = { list: `referral-messages:${referral.id}`, organisationId: actor.organisationId };
    const after = this.cursors.decode(scope, data.cursor, isTimeAndId);
    return userTransaction(this.dataSource, async (manager) => {
      const rows = await this.referrals.messages(
        manager,
        referral.id,
        after ? { createdAt: new Date(after.at), id: after.id } : undefined,
        limit,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      if (page.length > 0) {
        await this.audit.record(
          manager,
          context,
          referral,
          'referral.messages.read',
          {},
          { count: page.length },
        );
      }
      return {
        items: page.map((message) => toMessageView(message, this.cipher, withheld)),
        nextCursor:
          rows.length > limit && last
            ? this.cursors.encode(scope, { at: last.createdAt.toISOString(), id: last.id })
            : null,
      };
    });
  }

  /** The referral if the actor is its sender or receiver; otherwise the refusal is audited and 404 thrown. */
  async findVisible(
    actor: Actor,
    action: string,
    referralId: string,
    context: ActorContext,
  ): Promise<{ referral: ReferralEntity; party: 'sender' | 'receiver' }> {
    const referral = await this.referrals.findById(this.dataSource.manager, referralId);
    const party = referral ? partyOf(actor, referral) : null;
    if (!referral || party === null || party === 'admin' || party === 'system') {
      await this.audit.refusal(context, action, referralId, referral);
      throw referralNotFound();
    }
    return { referral, party };
  }

  /** The party's view with the shared data where the referral still holds it, that read audited. */
  async auditedView(
    manager: EntityManager,
    context: ActorContext,
    referral: ReferralEntity,
    party: Party,
  ): Promise<ReferralView> {
    const withSharedData = referral.sharedDataEncrypted !== null;
    if (withSharedData) {
      await this.audit.sharedDataRead(manager, context, referral);
    }
    return this.view(manager, referral, new Date(), withSharedData, party);
  }

  async view(
    manager: EntityManager,
    referral: ReferralEntity,
    now: Date,
    withSharedData: boolean,
    party: Party,
    known?: ReferralHistoryEntity[],
  ): Promise<ReferralView> {
    const history = known ?? (await this.referrals.history(manager, referral.id));
    const withheld = party !== 'sender' && party !== 'receiver' ? true : textsWithheld(referral, party);
    return toView(referral, history, this.cipher, now, {
      withSharedData,
      withheld,
      asSender: party === 'sender',
    });
  }
}

/** The list's assignee filter: `none` is nobody, `me` the caller, otherwise a user id. */
function assigneeFilter(assignee: string | undefined, actor: Actor): string | null | undefined {
  if (assignee === 'none') {
    return null;
  }
  return assignee === 'me' ? actor.userId : assignee;
}
