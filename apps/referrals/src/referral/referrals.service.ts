import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type AuditEntryData,
  type ConsentCheckReply,
  type DataCategory,
  type OrganisationSummary,
  type ReferralList,
  type ReferralMessageList,
  type ReferralMessageView,
  type ReferralMinimalView,
  type ReferralView,
  isPlatformAdmin,
  type ActorContext,
  type ErrorCode,
} from '#contracts';
import { OutboxWriter, ServiceClient } from '#messaging';
import { AuditRecorder, CursorCodec, isTimeAndId } from '#service-core';
import type { ReferralsConfig } from '../config.js';
import { ERASED_VALUE } from '#database';
import { FieldCipher, referralFields } from '../crypto/field-cipher.js';
import { workingDaysDeadline } from '../calendar/working-days.js';
import { retryOnDeadlock } from './deadlock-retry.js';
import { ReferralEntity, ReferralMessageEntity } from './referral.entity.js';
import { textsWithheld, toMessageView, toSummary, toView } from './referral.mapper.js';
import type {
  AssignReferralPayload,
  CreateReferralPayload,
  ListMessagesPayload,
  ListReferralsPayload,
  PostMessagePayload,
  TransitionReferralPayload,
} from '#contracts';
import { ReferralRepository } from './referral.repository.js';
import { isOpen, planTransition, type Party, type PlannedTransition } from './referral-state-machine.js';

export const REFERRALS_CONFIG = Symbol('REFERRALS_CONFIG');

// Only partner staff act for the receiving organisation: its org_admin (and anyone else) is no party.
// Partner staff, and advisors of an organisation that also receives (the network is two-way: the
// employment services refer clients to MONI too). Never its org_admin: account managers read no case files.
const RECEIVER_ROLES = ['partner_staff', 'advisor'];
const DEFAULT_PAGE = 25;

/** The party the actor is on for this referral, or null when it is none of theirs (404). */
export function partyOf(actor: Actor, referral: ReferralEntity): Party | null {
  if (
    actor.organisationId &&
    actor.organisationId === referral.sendingOrganisationId &&
    actor.role === 'advisor'
  ) {
    return 'sender';
  }
  if (
    actor.organisationId &&
    referral.kind === 'platform' &&
    // Sent at some time: a draft, even one cancelled before sending, is never the receiver's.
    referral.sentAt !== null &&
    actor.organisationId === referral.receivingOrganisationId &&
    actor.role !== null &&
    RECEIVER_ROLES.includes(actor.role)
  ) {
    return 'receiver';
  }
  if (isPlatformAdmin(actor)) {
    return 'admin';
  }
  return null;
}

/** A need whose referral must share a category (special category data needs its explicit consent). */
const NEED_REQUIRES: Partial<Record<string, DataCategory>> = { health: 'health' };

/** 422 REFERRAL.CATEGORY_REQUIRED when the need requires a category the referral does not share. */
export function requireNeedCategories(need: string, categories: readonly string[]): void {
  const required = NEED_REQUIRES[need];
  if (required && !categories.includes(required)) {
    throw new AppError(
      'REFERRAL.CATEGORY_REQUIRED',
      `A referral for the need "${need}" must share the "${required}" category (and its consent)`,
      { field: 'categories', missingCategories: [required] },
    );
  }
}

/** What a platform administrator gets back from a referral: never its content. */
export const toMinimalView = (
  referral: Pick<ReferralEntity, 'id' | 'status' | 'version'>,
): ReferralMinimalView => ({
  id: referral.id,
  status: referral.status,
  version: referral.version,
});

function notFound(): AppError {
  return new AppError('RESOURCE.NOT_FOUND', 'No such referral');
}

function consentRefusal(
  reply: Extract<ConsentCheckReply, { allowed: false }>,
  organisationId: string,
): AppError {
  const what =
    reply.reason === 'CATEGORIES_NOT_COVERED'
      ? `the categories ${(reply.missingCategories ?? []).join(', ')}`
      : reply.reason === 'PURPOSE_NOT_COVERED'
        ? 'the purpose "referral"'
        : `the organisation ${reply.missingOrganisationId ?? organisationId}`;
  return new AppError('CONSENT.NOT_COVERED', `No active consent of the client covers ${what}`, {
    reason: reply.reason,
    missingOrganisationId:
      reply.missingOrganisationId ?? (reply.reason === 'CATEGORIES_NOT_COVERED' ? undefined : organisationId),
    missingCategories: reply.missingCategories ?? [],
  });
}

/** The referral's rules: who may see and change what, the consent behind every disclosure, the history. */
@Injectable()
export class ReferralsService {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly outbox: OutboxWriter,
    private readonly peers: ServiceClient,
    private readonly cipher: FieldCipher,
    @Inject(REFERRALS_CONFIG) private readonly config: ReferralsConfig,
    private readonly cursors: CursorCodec,
    private readonly auditor: AuditRecorder,
  ) {}

  async create(actor: Actor, data: CreateReferralPayload, correlationId: string): Promise<ReferralView> {
    const organisationId = this.requireAdvisor(actor);
    const context = { actor, correlationId };
    const logged = data.receivingOrganisationId === undefined;
    if (logged === (data.loggedRecipientName === undefined)) {
      throw new AppError('VALIDATION.FAILED', 'Give either receivingOrganisationId or loggedRecipientName', [
        {
          field: 'receivingOrganisationId',
          reasons: ['exactly one of receivingOrganisationId, loggedRecipientName'],
        },
      ]);
    }
    if (!logged) {
      requireNeedCategories(data.need, data.categories);
    }
    if (logged && (data.categories.length > 0 || data.serviceId)) {
      throw new AppError(
        'VALIDATION.FAILED',
        'A logged referral shares no data and names no platform service',
        [{ field: 'categories', reasons: ['must be empty for a logged referral'] }],
      );
    }
    // RESOURCE.NOT_FOUND unless the client is one of the actor's organisation's.
    const client = await this.peers.request('clients.client.summary', { clientId: data.clientId }, context);
    if (client.erased) {
      throw new AppError('RESOURCE.NOT_FOUND', 'No such client');
    }
    const { sender, receiver } = await this.organisations(
      organisationId,
      data.receivingOrganisationId,
      context,
    );
    const now = new Date();
    const id = randomUUID();
    const referral: ReferralEntity = {
      id,
      kind: logged ? 'logged' : 'platform',
      clientId: data.clientId,
      sendingOrganisationId: organisationId,
      sendingOrganisationName: sender.name,
      senderUserId: actor.userId,
      senderUsername: actor.username,
      receivingOrganisationId: receiver?.id ?? null,
      receivingOrganisationName: receiver?.name ?? { fi: data.loggedRecipientName ?? '', sv: null, en: null },
      serviceId: data.serviceId ?? null,
      need: data.need,
      reasonEncrypted: this.cipher.encrypt(data.reason, referralFields.reason(id)),
      urgency: data.urgency,
      language: data.language ?? null,
      interpreterNeeded: data.interpreterNeeded ?? false,
      categories: logged ? [] : data.categories,
      consentId: null,
      consentVersion: null,
      sharedDataEncrypted: null,
      redactedAt: null,
      redactionReason: null,
      status: logged ? 'requested' : data.send ? 'requested' : 'draft',
      version: 1,
      assigneeId: null,
      statusReasonCode: null,
      outcomeCode: null,
      createdAt: now,
      updatedAt: now,
      listedAt: now,
      sentAt: logged || data.send ? now : null,
      receivedAt: null,
      dueAt: null,
      expiresAt: null,
      overdueNotifiedAt: null,
      closedAt: null,
    };
    if (!logged) {
      // Asked first, so a refusal stores nothing (and a draft is refused early, not at sending).
      const check = await this.peers.request(
        'clients.consent.check',
        {
          clientId: data.clientId,
          organisationId: receiver!.id,
          categories: data.categories,
          purpose: 'referral',
        },
        context,
      );
      if (!check.allowed) {
        throw consentRefusal(check, receiver!.id);
      }
      referral.consentId = check.consentId;
      referral.consentVersion = check.consentVersion;
      if (!data.confirmDuplicate) {
        await this.refuseDuplicate(this.dataSource.manager, referral);
      }
      if (data.send) {
        await this.disclose(referral, receiver!, now, context);
      }
    }
    await this.transaction(async (manager) => {
      // One creation per client at a time, so two concurrent requests cannot both pass the duplicate check.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referral-client:${data.clientId}`]);
      if (!logged && !data.confirmDuplicate) {
        await this.refuseDuplicate(manager, referral);
      }
      await this.referrals.insert(manager, referral);
      await this.referrals.appendHistory(manager, {
        id: randomUUID(),
        referralId: id,
        fromStatus: null,
        toStatus: referral.status,
        party: 'sender',
        actorUserId: actor.userId,
        actorOrganisationId: organisationId,
        reasonCode: null,
        reasonTextEncrypted: null,
        outcomeCode: null,
        noteEncrypted: null,
        at: now,
      });
      if (logged) {
        await this.outbox.append(
          manager,
          'events.referrals.referral.logged',
          { ...this.senderParties(referral), need: referral.need },
          context,
        );
        await this.audit(manager, context, referral, 'referral.logged');
      } else if (referral.status === 'draft') {
        await this.outbox.append(
          manager,
          'events.referrals.referral.drafted',
          this.senderParties(referral),
          context,
        );
        await this.audit(manager, context, referral, 'referral.drafted');
      } else {
        await this.emitSent(manager, referral, context);
      }
    });
    return this.view(this.dataSource.manager, referral, now, true, 'sender');
  }

  async get(actor: Actor, referralId: string, correlationId: string): Promise<ReferralView> {
    const context = { actor, correlationId };
    const found = await this.referrals.findById(this.dataSource.manager, referralId);
    const party = found ? partyOf(actor, found) : null;
    if (!found || party === null || party === 'admin') {
      await this.auditRefusal(context, 'referral.read', referralId, found);
      throw notFound();
    }
    return this.transaction(async (manager) => {
      let referral = found;
      if (party === 'receiver' && referral.status === 'requested') {
        // The first open by the receiving organisation is the `received` step.
        const locked = await this.referrals.lockById(manager, referralId);
        if (locked?.status === 'requested') {
          referral = locked;
          await this.apply(
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
      const withSharedData = referral.sharedDataEncrypted !== null;
      if (withSharedData) {
        await this.auditSharedDataRead(manager, context, referral);
      }
      return this.view(manager, referral, new Date(), withSharedData, party);
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
      await this.auditRefusal(context, 'referral.read', referralId, referral);
      throw notFound();
    }
    if (party === 'admin') {
      return toMinimalView(referral);
    }
    return this.transaction(async (manager) => {
      const withSharedData = referral.sharedDataEncrypted !== null;
      if (withSharedData) {
        await this.auditSharedDataRead(manager, context, referral);
      }
      return this.view(manager, referral, new Date(), withSharedData, party);
    });
  }

  async list(actor: Actor, data: ListReferralsPayload): Promise<ReferralList> {
    const organisationId = actor.organisationId;
    const allowed = data.box === 'outgoing' ? ['advisor'] : RECEIVER_ROLES;
    if (!organisationId || !actor.role || !allowed.includes(actor.role)) {
      throw new AppError('AUTH.FORBIDDEN', `Your role does not have an ${data.box} box`);
    }
    const now = new Date();
    const limit = data.limit ?? DEFAULT_PAGE;
    const scope = { list: `referrals:${data.box}`, organisationId };
    const after = this.cursors.decode(scope, data.cursor, isTimeAndId);
    const assigneeId =
      data.assignee === undefined
        ? undefined
        : data.assignee === 'none'
          ? null
          : data.assignee === 'me'
            ? actor.userId
            : data.assignee;
    const manager = this.dataSource.manager;
    const [rows, counts] = await Promise.all([
      this.referrals.list(manager, {
        box: data.box,
        organisationId,
        statuses: data.status,
        overdue: data.overdue,
        need: data.need,
        serviceId: data.serviceId,
        assigneeId,
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
      items: page.map((row) => toSummary(row, now)),
      nextCursor:
        rows.length > limit && last
          ? this.cursors.encode(scope, { at: last.listedAt.toISOString(), id: last.id })
          : null,
      counts: { ...counts.byStatus, overdue: counts.overdue },
    };
  }

  async transition(
    actor: Actor,
    data: TransitionReferralPayload,
    correlationId: string,
  ): Promise<ReferralView | ReferralMinimalView> {
    const context = { actor, correlationId };
    const seen = await this.referrals.findById(this.dataSource.manager, data.referralId);
    const party = seen ? partyOf(actor, seen) : null;
    if (!seen || party === null) {
      await this.auditRefusal(context, 'referral.transition', data.referralId, seen);
      throw notFound();
    }
    if (data.expectedVersion === undefined) {
      throw new AppError(
        'RESOURCE.PRECONDITION_REQUIRED',
        'A transition needs If-Match with the version last read',
        { header: 'If-Match', currentVersion: party === 'admin' ? undefined : seen.version },
      );
    }
    this.checkVersion(seen, data.expectedVersion);
    const plan = planTransition({
      from: seen.status,
      to: data.to,
      party,
      logged: seen.kind === 'logged',
      reasonCode: data.reasonCode,
      reasonText: data.reasonText,
      outcomeCode: data.outcomeCode,
    });
    const now = new Date();
    if (plan.to === 'requested') {
      requireNeedCategories(seen.need, seen.categories);
      // Sending a draft: the consent is checked again and the snapshot taken now.
      const { receiver } = await this.organisations(
        seen.sendingOrganisationId,
        seen.receivingOrganisationId,
        context,
      );
      await this.disclose(seen, receiver as OrganisationSummary, now, context);
    }
    return this.transaction(async (manager) => {
      const referral = await this.referrals.lockById(manager, data.referralId);
      if (!referral) {
        throw notFound();
      }
      // Changed since the checks above (another request won the race): the caller must look again.
      this.checkVersion(referral, seen.version);
      if (plan.to === 'requested') {
        Object.assign(referral, {
          consentId: seen.consentId,
          consentVersion: seen.consentVersion,
          sharedDataEncrypted: seen.sharedDataEncrypted,
          sentAt: seen.sentAt,
          listedAt: seen.listedAt,
          dueAt: seen.dueAt,
          expiresAt: seen.expiresAt,
        });
      }
      await this.apply(manager, referral, plan, { reasonText: data.reasonText, note: data.note }, context);
      if (party === 'admin') {
        // An administrator corrects the record; it reads nothing of it (product.md, "Who uses it").
        return toMinimalView(referral);
      }
      const withSharedData = referral.sharedDataEncrypted !== null;
      if (withSharedData && plan.to !== 'requested') {
        await this.auditSharedDataRead(manager, context, referral);
      }
      return this.view(manager, referral, now, withSharedData, party);
    });
  }

  async assign(actor: Actor, data: AssignReferralPayload, correlationId: string): Promise<ReferralView> {
    const context = { actor, correlationId };
    const seen = await this.referrals.findById(this.dataSource.manager, data.referralId);
    const seenParty = seen ? partyOf(actor, seen) : null;
    if (!seen || seenParty === null || seenParty === 'admin') {
      await this.auditRefusal(context, 'referral.assign', data.referralId, seen);
      throw notFound();
    }
    if (seenParty !== 'receiver') {
      await this.auditRefusal(context, 'referral.assign', data.referralId, seen, 'AUTH.FORBIDDEN');
      throw new AppError('AUTH.FORBIDDEN', 'Only the receiving organisation assigns a referral');
    }
    if (
      data.assigneeId !== null &&
      isOpen(seen.status) &&
      (data.expectedVersion === undefined || data.expectedVersion === seen.version)
    ) {
      // Asked before the row is locked (no remote call under a lock; the receiving organisation never
      // changes); the other refusals (404, 403, 412, closed) come first, from the transaction.
      await this.requireMember(seen.receivingOrganisationId!, data.assigneeId, context);
    }
    return this.transaction(async (manager) => {
      const referral = await this.referrals.lockById(manager, data.referralId);
      const party = referral ? partyOf(actor, referral) : null;
      if (!referral || party === null || party === 'admin') {
        throw notFound();
      }
      if (party !== 'receiver') {
        throw new AppError('AUTH.FORBIDDEN', 'Only the receiving organisation assigns a referral');
      }
      this.checkVersion(referral, data.expectedVersion);
      if (!isOpen(referral.status)) {
        throw new AppError(
          'RULE.VIOLATED',
          `A ${referral.status} referral is closed and cannot be assigned`,
          {
            status: referral.status,
          },
        );
      }
      referral.assigneeId = data.assigneeId;
      referral.version += 1;
      referral.updatedAt = new Date();
      await this.referrals.save(manager, referral);
      await this.outbox.append(
        manager,
        'events.referrals.referral.assigned',
        this.parties(referral),
        context,
      );
      await this.audit(
        manager,
        context,
        referral,
        'referral.assigned',
        {},
        { assigned: data.assigneeId !== null },
      );
      // The reply carries the shared data: a read like GET, and audited as one.
      const withSharedData = referral.sharedDataEncrypted !== null;
      if (withSharedData) {
        await this.auditSharedDataRead(manager, context, referral);
      }
      return this.view(manager, referral, new Date(), withSharedData, party);
    });
  }

  async listMessages(
    actor: Actor,
    data: ListMessagesPayload,
    correlationId: string,
  ): Promise<ReferralMessageList> {
    const context = { actor, correlationId };
    const { referral, party } = await this.visible(actor, 'referral.messages.read', data.referralId, context);
    const withheld = textsWithheld(referral, party);
    const limit = data.limit ?? 50;
    const scope = { list: `referral-messages:${referral.id}`, organisationId: actor.organisationId };
    const after = this.cursors.decode(scope, data.cursor, isTimeAndId);
    return this.transaction(async (manager) => {
      const rows = await this.referrals.messages(
        manager,
        referral.id,
        after ? { createdAt: new Date(after.at), id: after.id } : undefined,
        limit,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      if (page.length > 0) {
        await this.audit(manager, context, referral, 'referral.messages.read', {}, { count: page.length });
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

  async postMessage(
    actor: Actor,
    data: PostMessagePayload,
    correlationId: string,
  ): Promise<ReferralMessageView> {
    const context = { actor, correlationId };
    const { referral } = await this.visible(actor, 'referral.message.post', data.referralId, context);
    if (referral.kind !== 'platform' || referral.sentAt === null) {
      throw new AppError('RULE.VIOLATED', 'Messages go between two organisations of a sent referral');
    }
    if (referral.redactedAt !== null) {
      // The consent ended: nothing more about the client goes to the receiving organisation.
      throw new AppError('RULE.VIOLATED', 'The client’s consent has ended; the thread is closed', {
        reason: 'redacted',
      });
    }
    const messageId = randomUUID();
    const message: ReferralMessageEntity = {
      id: messageId,
      referralId: referral.id,
      authorUserId: actor.userId,
      authorUsername: actor.username,
      authorOrganisationId: actor.organisationId!,
      bodyEncrypted: this.cipher.encrypt(data.body, referralFields.messageBody(messageId)),
      // Millisecond precision: the thread's keyset cursor is a JavaScript time.
      createdAt: new Date(),
    };
    await this.transaction(async (manager) => {
      await this.referrals.insertMessage(manager, message);
      await this.outbox.append(
        manager,
        'events.referrals.message.posted',
        {
          ...this.parties(referral),
          messageId: message.id,
          authorUserId: message.authorUserId,
          authorOrganisationId: message.authorOrganisationId,
        },
        context,
      );
      await this.audit(manager, context, referral, 'referral.message.posted');
    });
    return toMessageView(message, this.cipher);
  }

  /**
   * Changes the status inside the caller's transaction (the row locked): the row, one history
   * entry, the domain event and the audit entry commit together.
   */
  async apply(
    manager: EntityManager,
    referral: ReferralEntity,
    plan: PlannedTransition,
    texts: { reasonText?: string; note?: string },
    context: ActorContext,
  ): Promise<void> {
    const now = new Date();
    const from = referral.status;
    referral.status = plan.to;
    referral.version += 1;
    referral.updatedAt = now;
    if (plan.reasonCode !== null || plan.outcomeCode !== null || !isOpen(plan.to)) {
      referral.statusReasonCode = plan.reasonCode;
      referral.outcomeCode = plan.outcomeCode;
    } else {
      referral.statusReasonCode = null;
    }
    if (plan.to === 'received') {
      referral.receivedAt ??= now;
    }
    if (!isOpen(plan.to)) {
      referral.closedAt ??= now;
    }
    await this.referrals.save(manager, referral);
    const entryId = randomUUID();
    await this.referrals.appendHistory(manager, {
      id: entryId,
      referralId: referral.id,
      fromStatus: from,
      toStatus: plan.to,
      party: plan.party,
      actorUserId: plan.party === 'system' ? null : context.actor.userId,
      actorOrganisationId: plan.party === 'system' ? null : context.actor.organisationId,
      reasonCode: plan.reasonCode,
      reasonTextEncrypted: texts.reasonText
        ? this.cipher.encrypt(texts.reasonText, referralFields.historyReasonText(entryId))
        : null,
      outcomeCode: plan.outcomeCode,
      noteEncrypted: texts.note ? this.cipher.encrypt(texts.note, referralFields.historyNote(entryId)) : null,
      at: now,
    });
    if (plan.to === 'requested') {
      await this.emitSent(manager, referral, context);
      return;
    }
    const change = {
      from,
      to: plan.to,
      reasonCode: plan.reasonCode,
      outcomeCode: plan.outcomeCode,
      actorUserId: plan.party === 'system' ? null : context.actor.userId,
    };
    if (referral.kind === 'platform' && from !== 'draft') {
      await this.outbox.append(
        manager,
        'events.referrals.referral.status_changed',
        { ...this.parties(referral), ...change },
        context,
      );
    } else {
      await this.outbox.append(
        manager,
        'events.referrals.referral.sender_status_changed',
        { ...this.senderParties(referral), ...change },
        context,
      );
    }
    await this.audit(
      manager,
      context,
      referral,
      'referral.status_changed',
      {},
      {
        from,
        to: plan.to,
        reasonCode: plan.reasonCode,
        outcomeCode: plan.outcomeCode,
        party: plan.party,
      },
    );
  }

  /**
   * The referral rests on another consent from now on (the one it rested on was superseded): the
   * row (version + 1) and one audit entry naming both consents. The status and the history stay.
   */
  async moveToConsent(
    manager: EntityManager,
    referral: ReferralEntity,
    to: { consentId: string; consentVersion: number },
    fromConsentId: string,
    context: ActorContext,
  ): Promise<void> {
    referral.consentId = to.consentId;
    referral.consentVersion = to.consentVersion;
    referral.version += 1;
    referral.updatedAt = new Date();
    await this.referrals.save(manager, referral);
    await this.audit(
      manager,
      context,
      referral,
      'referral.consent.moved',
      {}, // Not a disclosure: no data left again, so no consent and recipient for the disclosure log.
      { fromConsentId, toConsentId: to.consentId, toConsentVersion: to.consentVersion },
    );
  }

  /** The receiving organisation's copy of the shared data is removed; the history and the disclosure log stay. */
  async redact(
    manager: EntityManager,
    referral: ReferralEntity,
    reasonCode: string,
    context: ActorContext,
    erase: boolean,
  ) {
    referral.sharedDataEncrypted = null;
    referral.redactedAt ??= new Date();
    referral.redactionReason = reasonCode;
    if (erase) {
      // Overwritten, not only hidden: no ciphertext of the client's texts stays behind.
      referral.reasonEncrypted = ERASED_VALUE;
      await this.referrals.redactMessages(manager, referral.id, ERASED_VALUE);
      await this.referrals.eraseHistoryTexts(manager, referral.id);
    }
    referral.version += 1;
    referral.updatedAt = new Date();
    await this.referrals.save(manager, referral);
    if (referral.kind === 'platform' && referral.sentAt !== null) {
      await this.outbox.append(
        manager,
        'events.referrals.referral.redacted',
        { ...this.parties(referral), reasonCode },
        context,
      );
    }
    await this.audit(manager, context, referral, 'referral.shared_data.redacted', {}, { reasonCode });
  }

  async audit(
    manager: EntityManager,
    context: ActorContext,
    referral: ReferralEntity,
    action: string,
    extra: Partial<AuditEntryData> = {},
    detail?: AuditEntryData['detail'],
  ): Promise<void> {
    await this.auditor.record(manager, context, {
      action,
      targetType: 'referral',
      targetId: referral.id,
      clientId: referral.clientId,
      ...extra,
      ...(detail ? { detail } : {}),
    });
  }

  /** A refused request for a referral that exists: the action asked for, recorded as refused. */
  private async auditRefusal(
    context: ActorContext,
    action: string,
    referralId: string,
    found: ReferralEntity | null,
    code: ErrorCode = 'RESOURCE.NOT_FOUND',
  ): Promise<void> {
    if (!found) {
      return;
    }
    await retryOnDeadlock(() =>
      this.auditor.recordRefusal(context, { action, targetType: 'referral', targetId: referralId, code }),
    );
  }

  /** A user-facing transaction: run again if PostgreSQL aborted it as a deadlock victim. */
  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() => this.dataSource.transaction(work));
  }

  private async visible(
    actor: Actor,
    action: string,
    referralId: string,
    context: ActorContext,
  ): Promise<{ referral: ReferralEntity; party: 'sender' | 'receiver' }> {
    const referral = await this.referrals.findById(this.dataSource.manager, referralId);
    const party = referral ? partyOf(actor, referral) : null;
    if (!referral || party === null || party === 'admin' || party === 'system') {
      await this.auditRefusal(context, action, referralId, referral);
      throw notFound();
    }
    return { referral, party };
  }

  /** A reply that carries the shared data is a disclosure read: the disclosure log names it. */
  private auditSharedDataRead(
    manager: EntityManager,
    context: ActorContext,
    referral: ReferralEntity,
  ): Promise<void> {
    return this.audit(manager, context, referral, 'referral.shared_data.read', {
      consentId: referral.consentId,
      recipientOrganisationId: context.actor.organisationId,
    });
  }

  /** Only an active member of the receiving organisation takes a referral: 422 otherwise. */
  private async requireMember(organisationId: string, userId: string, context: ActorContext): Promise<void> {
    const { member } = await this.peers.request(
      'partners.membership.check',
      { organisationId, userId },
      context,
    );
    if (!member) {
      throw new AppError(
        'RULE.VIOLATED',
        'The assignee is not an active member of the receiving organisation',
        { field: 'assigneeId', reason: 'not_a_member' },
      );
    }
  }

  private requireAdvisor(actor: Actor): string {
    if (!actor.organisationId || actor.role !== 'advisor') {
      throw new AppError('AUTH.FORBIDDEN', 'Only advisors send referrals');
    }
    return actor.organisationId;
  }

  private checkVersion(referral: ReferralEntity, expected: number | undefined): void {
    if (expected !== undefined && expected !== referral.version) {
      throw new AppError('RESOURCE.PRECONDITION_FAILED', 'The referral has changed since you last saw it', {
        currentVersion: referral.version,
        expectedVersion: expected,
      });
    }
  }

  /** The sending and receiving organisations, checked: the receiver must be active, receiving and accepting. */
  private async organisations(
    sendingId: string,
    receivingId: string | undefined | null,
    context: ActorContext,
  ): Promise<{ sender: OrganisationSummary; receiver: OrganisationSummary | null }> {
    const ids = receivingId ? [sendingId, receivingId] : [sendingId];
    const { organisations } = await this.peers.request('partners.organisation.lookup', { ids }, context);
    const sender = organisations.find((organisation) => organisation.id === sendingId);
    if (!sender || sender.status !== 'active' || !sender.canSend) {
      throw new AppError('RULE.VIOLATED', 'Your organisation may not send referrals', {
        organisationId: sendingId,
      });
    }
    if (!receivingId) {
      return { sender, receiver: null };
    }
    if (receivingId === sendingId) {
      throw new AppError('REFERRAL.RECIPIENT_UNAVAILABLE', 'An organisation does not refer to itself', {
        organisationId: receivingId,
        reason: 'same_organisation',
      });
    }
    const receiver = organisations.find((organisation) => organisation.id === receivingId);
    const reason = !receiver
      ? 'unknown'
      : receiver.status !== 'active'
        ? receiver.status
        : !receiver.canReceive
          ? 'not_receiving'
          : !receiver.acceptingReferrals
            ? 'not_accepting'
            : null;
    if (reason) {
      throw new AppError(
        'REFERRAL.RECIPIENT_UNAVAILABLE',
        `The receiving organisation cannot take referrals (${reason})`,
        {
          organisationId: receivingId,
          reason,
        },
      );
    }
    return { sender, receiver: receiver! };
  }

  private async refuseDuplicate(manager: EntityManager, referral: ReferralEntity): Promise<void> {
    const duplicate = await this.referrals.findOpenDuplicate(
      manager,
      referral.clientId,
      referral.receivingOrganisationId!,
      referral.serviceId,
    );
    if (duplicate) {
      throw new AppError(
        'REFERRAL.POSSIBLE_DUPLICATE',
        'The client already has an open referral to this organisation and service; confirm to send another',
        { referralId: duplicate.id, status: duplicate.status },
      );
    }
  }

  /**
   * The disclosure: the clients service checks the consent once more and returns the client's data
   * limited to the categories (recording it in the disclosure log). Sets the snapshot and the due dates.
   */
  private async disclose(
    referral: ReferralEntity,
    receiver: OrganisationSummary,
    now: Date,
    context: ActorContext,
  ): Promise<void> {
    const snapshot = await this.peers.request(
      'clients.disclosure.snapshot',
      {
        clientId: referral.clientId,
        organisationId: receiver.id,
        categories: referral.categories as never,
        purpose: 'referral',
        targetType: 'referral',
        targetId: referral.id,
      },
      context,
    );
    const responseDays = receiver.responseDays > 0 ? receiver.responseDays : this.config.defaultResponseDays;
    referral.consentId = snapshot.consentId;
    referral.consentVersion = snapshot.consentVersion;
    referral.sharedDataEncrypted = this.cipher.encryptJson(
      snapshot.data,
      referralFields.sharedData(referral.id),
    );
    referral.receivingOrganisationName = receiver.name;
    referral.sentAt = now;
    referral.listedAt = now;
    referral.dueAt = workingDaysDeadline(now, responseDays);
    referral.expiresAt = workingDaysDeadline(now, responseDays + this.config.expiryGraceWorkingDays);
  }

  private async emitSent(
    manager: EntityManager,
    referral: ReferralEntity,
    context: ActorContext,
  ): Promise<void> {
    await this.outbox.append(
      manager,
      'events.referrals.referral.sent',
      {
        ...this.parties(referral),
        need: referral.need,
        urgency: referral.urgency,
        serviceId: referral.serviceId,
      },
      context,
    );
    await this.audit(manager, context, referral, 'referral.sent', {
      consentId: referral.consentId,
      recipientOrganisationId: referral.receivingOrganisationId,
    });
  }

  parties(referral: ReferralEntity) {
    return {
      referralId: referral.id,
      sendingOrganisationId: referral.sendingOrganisationId,
      receivingOrganisationId: referral.receivingOrganisationId ?? referral.sendingOrganisationId,
      senderUserId: referral.senderUserId,
      assigneeUserId: referral.assigneeId,
    };
  }

  senderParties(referral: ReferralEntity) {
    return {
      referralId: referral.id,
      sendingOrganisationId: referral.sendingOrganisationId,
      senderUserId: referral.senderUserId,
    };
  }

  private async view(
    manager: EntityManager,
    referral: ReferralEntity,
    now: Date,
    withSharedData: boolean,
    party: Party,
  ): Promise<ReferralView> {
    const history = await this.referrals.history(manager, referral.id);
    const withheld = party !== 'sender' && party !== 'receiver' ? true : textsWithheld(referral, party);
    return toView(referral, history, this.cipher, now, { withSharedData, withheld });
  }
}
