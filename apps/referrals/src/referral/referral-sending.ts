import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type ConsentCheckReply,
  type CreateReferralPayload,
  type OrganisationSummary,
  type ReferralView,
  type ActorContext,
} from '#contracts';
import { OutboxWriter, ServiceClient } from '#messaging';
import { replyWithin } from '#service-core';
import { workingDaysDeadline } from '../calendar/working-days.js';
import { REFERRALS_CONFIG, type ReferralsConfig } from '../config.js';
import { FieldCipher, referralFields } from '../crypto/field-cipher.js';
import { userTransaction } from './deadlock-retry.js';
import { requireAdvisor, requireNeedCategories } from './referral-access.js';
import { ReferralAudit } from './referral-audit.js';
import { ReferralChanges, senderEventParties } from './referral-changes.js';
import type { ReferralEntity, ReferralHistoryEntity } from './referral.entity.js';
import { ReferralReads } from './referral-reads.js';
import { ReferralRepository } from './referral.repository.js';

/** What the client's consents leave out: the categories, the purpose, or the organisation. */
function uncoveredPart(
  reply: Extract<ConsentCheckReply, { allowed: false }>,
  organisationId: string,
): string {
  if (reply.reason === 'CATEGORIES_NOT_COVERED') {
    return `the categories ${(reply.missingCategories ?? []).join(', ')}`;
  }
  if (reply.reason === 'PURPOSE_NOT_COVERED') {
    return 'the purpose "referral"';
  }
  return `the organisation ${reply.missingOrganisationId ?? organisationId}`;
}

/** 422 CONSENT.NOT_COVERED naming what the client's consents do not cover. */
function consentRefusal(
  reply: Extract<ConsentCheckReply, { allowed: false }>,
  organisationId: string,
): AppError {
  const what = uncoveredPart(reply, organisationId);
  return new AppError('CONSENT.NOT_COVERED', `No active consent of the client covers ${what}`, {
    reason: reply.reason,
    missingOrganisationId:
      reply.missingOrganisationId ?? (reply.reason === 'CATEGORIES_NOT_COVERED' ? undefined : organisationId),
    missingCategories: reply.missingCategories ?? [],
  });
}

const noSuchClient = (): AppError => new AppError('RESOURCE.NOT_FOUND', 'No such client');

/**
 * What a refused disclosure means for the caller: a consent gap named as the consent check names
 * it, an erased client as no client at all (as the client's summary would have it); the rest as is.
 */
function disclosureRefusal(error: unknown, organisationId: string): unknown {
  if (!(error instanceof AppError)) {
    return error;
  }
  if (error.code === 'CONSENT.NOT_COVERED') {
    return consentRefusal(error.details as Extract<ConsentCheckReply, { allowed: false }>, organisationId);
  }
  return error.code === 'CLIENT.ERASED' ? noSuchClient() : error;
}

/** 409 REFERRAL.POSSIBLE_DUPLICATE naming the open referral; the advisor may confirm and send another. */
function duplicateRefusal(duplicate: Pick<ReferralEntity, 'id' | 'status'>): AppError {
  return new AppError(
    'REFERRAL.POSSIBLE_DUPLICATE',
    'The client already has an open referral to this organisation and service; confirm to send another',
    { referralId: duplicate.id, status: duplicate.status },
  );
}

/** Why an organisation cannot receive referrals now, or null when it can. */
function unavailability(receiver: OrganisationSummary | undefined): string | null {
  if (!receiver) {
    return 'unknown';
  }
  if (receiver.status !== 'active') {
    return receiver.status;
  }
  if (!receiver.canReceive) {
    return 'not_receiving';
  }
  return receiver.acceptingReferrals ? null : 'not_accepting';
}

/**
 * Creating and sending referrals: the client and organisations checked with the other services,
 * the consent asked before anything is stored, the snapshot of the shared data taken at sending.
 */
@Injectable()
export class ReferralSending {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly outbox: OutboxWriter,
    private readonly peers: ServiceClient,
    private readonly cipher: FieldCipher,
    @Inject(REFERRALS_CONFIG) private readonly config: ReferralsConfig,
    private readonly audit: ReferralAudit,
    private readonly changes: ReferralChanges,
    private readonly reads: ReferralReads,
  ) {}

  async create(actor: Actor, data: CreateReferralPayload, correlationId: string): Promise<ReferralView> {
    const organisationId = requireAdvisor(actor);
    const context = { actor, correlationId };
    const logged = data.receivingOrganisationId === undefined;
    checkShape(data, logged);
    const { sender, receiver } = await this.parties(organisationId, data, context);
    const now = new Date();
    const referral = this.newReferral(actor, organisationId, data, { sender, receiver, logged, now });
    const duplicate =
      receiver && !data.confirmDuplicate ? await this.openDuplicate(this.dataSource.manager, referral) : null;
    if (receiver && data.send && !duplicate) {
      // The disclosure checks the client and the consent itself (and refuses as the summary and the
      // check would), so sending asks the clients service once.
      await this.disclose(referral, receiver, now, context).catch((error: unknown) => {
        throw disclosureRefusal(error, receiver.id);
      });
    } else if (receiver) {
      // Asked first, so a refusal stores nothing (a draft is refused early, not at sending), and a
      // consent gap is named before a possible duplicate: the referral could not go out anyway.
      const check = await this.peers.request(
        'clients.consent.check',
        {
          clientId: data.clientId,
          organisationId: receiver.id,
          categories: data.categories,
          purpose: 'referral',
        },
        context,
      );
      if (!check.allowed) {
        // Sending now, this may be the first the clients service says of the client: not found.
        throw check.reason === 'CLIENT_NOT_FOUND' ? noSuchClient() : consentRefusal(check, receiver.id);
      }
      referral.consentId = check.consentId;
      referral.consentVersion = check.consentVersion;
      if (duplicate) {
        throw duplicateRefusal(duplicate);
      }
    }
    // A new referral's history is this one entry: the reply is built from it, not read back.
    const firstEntry: ReferralHistoryEntity = {
      id: randomUUID(),
      referralId: referral.id,
      seq: 1,
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
    };
    return userTransaction(this.dataSource, async (manager) => {
      // One creation per client at a time, so two concurrent requests cannot both pass the duplicate check.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referral-client:${data.clientId}`]);
      if (!logged && !data.confirmDuplicate) {
        await this.refuseDuplicate(manager, referral);
      }
      await this.referrals.insert(manager, referral);
      await this.referrals.insertFirstHistory(manager, firstEntry);
      await this.announceCreated(manager, referral, context);
      // The reply commits with the referral: a retry after a crash gets it (idempotency keys).
      return replyWithin(
        manager,
        await this.reads.view(manager, referral, now, true, 'sender', [firstEntry]),
      );
    });
  }

  /**
   * Sending a draft: the organisations and the consent are checked again and the snapshot taken now,
   * on `draft` (a copy the caller stores under its lock).
   */
  async prepareSending(draft: ReferralEntity, now: Date, context: ActorContext): Promise<void> {
    requireNeedCategories(draft.need, draft.categories);
    const { receiver } = await this.organisations(
      draft.sendingOrganisationId,
      draft.receivingOrganisationId,
      context,
    );
    await this.disclose(draft, receiver as OrganisationSummary, now, context);
  }

  private newReferral(
    actor: Actor,
    organisationId: string,
    data: CreateReferralPayload,
    {
      sender,
      receiver,
      logged,
      now,
    }: {
      sender: OrganisationSummary;
      receiver: OrganisationSummary | null;
      logged: boolean;
      now: Date;
    },
  ): ReferralEntity {
    const id = randomUUID();
    return {
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
      status: logged || data.send ? 'requested' : 'draft',
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
  }

  /** The event and audit entry of a new referral: logged, drafted or sent. */
  private async announceCreated(
    manager: EntityManager,
    referral: ReferralEntity,
    context: ActorContext,
  ): Promise<void> {
    if (referral.kind === 'logged') {
      await this.outbox.append(
        manager,
        'events.referrals.referral.logged',
        { ...senderEventParties(referral), need: referral.need },
        context,
      );
      await this.audit.record(manager, context, referral, 'referral.logged');
    } else if (referral.status === 'draft') {
      await this.outbox.append(
        manager,
        'events.referrals.referral.drafted',
        senderEventParties(referral),
        context,
      );
      await this.audit.record(manager, context, referral, 'referral.drafted');
    } else {
      await this.changes.emitSent(manager, referral, context);
    }
  }

  /**
   * The sending and receiving organisations, once the client is known to be one of the caller's
   * organisation's and not erased (RESOURCE.NOT_FOUND). Sending now, the disclosure answers that
   * itself (one request less); otherwise the clients service is asked here. Both questions at once;
   * the client's answer comes first when both refuse.
   */
  private async parties(
    organisationId: string,
    data: CreateReferralPayload,
    context: ActorContext,
  ): Promise<{ sender: OrganisationSummary; receiver: OrganisationSummary | null }> {
    const sendsNow = data.send && data.receivingOrganisationId !== undefined;
    const [clientAnswer, organisationsAnswer] = await Promise.allSettled([
      sendsNow ? null : this.requireLiveClient(data.clientId, context),
      this.organisations(organisationId, data.receivingOrganisationId, context),
    ]);
    if (clientAnswer.status === 'rejected') {
      throw clientAnswer.reason;
    }
    if (organisationsAnswer.status === 'rejected') {
      if (sendsNow) {
        // Not asked yet: a client that is not the caller's is still refused as such first.
        await this.requireLiveClient(data.clientId, context);
      }
      throw organisationsAnswer.reason;
    }
    return organisationsAnswer.value;
  }

  /** RESOURCE.NOT_FOUND unless the client is one of the caller's organisation's, and not erased. */
  private async requireLiveClient(clientId: string, context: ActorContext): Promise<void> {
    const summary = await this.peers.request('clients.client.summary', { clientId }, context);
    if (summary.erased) {
      throw noSuchClient();
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
    const reason = unavailability(receiver);
    if (reason || !receiver) {
      throw new AppError(
        'REFERRAL.RECIPIENT_UNAVAILABLE',
        `The receiving organisation cannot take referrals (${reason})`,
        { organisationId: receivingId, reason },
      );
    }
    return { sender, receiver };
  }

  private async refuseDuplicate(manager: EntityManager, referral: ReferralEntity): Promise<void> {
    const duplicate = await this.openDuplicate(manager, referral);
    if (duplicate) {
      throw duplicateRefusal(duplicate);
    }
  }

  /** An open referral of the client to the same organisation and service, if there is one. */
  private async openDuplicate(
    manager: EntityManager,
    referral: ReferralEntity,
  ): Promise<Pick<ReferralEntity, 'id' | 'status'> | null> {
    if (referral.receivingOrganisationId === null) {
      return null;
    }
    return this.referrals.findOpenDuplicate(
      manager,
      referral.sendingOrganisationId,
      referral.clientId,
      referral.receivingOrganisationId,
      referral.serviceId,
    );
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
}

/** A referral goes to a platform organisation (with its need's categories) or is logged (sharing nothing). */
function checkShape(data: CreateReferralPayload, logged: boolean): void {
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
}
