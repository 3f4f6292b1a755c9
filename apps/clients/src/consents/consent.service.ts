import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  SYSTEM_ACTOR,
  isSystemActor,
  type Actor,
  type ActorContext,
  type ConsentCheckPayload,
  type ConsentCheckReply,
  type ConsentView,
  type DisclosureSnapshotPayload,
  type DisclosureSnapshotReply,
  type ExpiringConsent,
  type ExpiringConsentsPayload,
  type RecordConsentPayload,
  type WithdrawConsentPayload,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { AuditRecorder, replyWithin } from '#service-core';
import { clientNotFound, consentNotFound, requireAdvisor, requireOrganisationMember } from '../access.js';
import { ClientAccess } from '../clients/client-access.js';
import { ClientEntity } from '../clients/client.entity.js';
import { ClientRepository } from '../clients/client.repository.js';
import { CLIENTS_CONFIG, type ClientsConfig } from '../config.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { OrganisationDirectory } from '../organisation-directory.js';
import { checkConsent, isInForce } from './consent-rules.js';
import { ConsentEntity } from './consent.entity.js';
import { toConsentEventData, toConsentView, withdrawalNoteContext } from './consent.mapper.js';
import { ConsentRepository } from './consent.repository.js';
import { buildSnapshot } from './snapshot.js';

const MAX_VALIDITY_YEARS = 5;
const EXPIRY_BATCH = 100;

const fieldError = (field: string, reason: string): AppError =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', [{ field, reasons: [reason] }]);

function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly clients: ClientRepository,
    private readonly access: ClientAccess,
    private readonly directory: OrganisationDirectory,
    private readonly audit: AuditRecorder,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
    private readonly cipher: FieldCipher,
    @Inject(CLIENTS_CONFIG) private readonly config: ClientsConfig,
  ) {}

  async list(
    actor: Actor | null,
    clientId: string,
    correlationId: string,
  ): Promise<{ items: ConsentView[] }> {
    const context = { actor: requireAdvisor(actor), correlationId };
    await this.access.ownClient(context, clientId, 'consent.listed');
    const consents = await this.consents.listForClient(clientId);
    await this.audit.recordReads(context, [
      { action: 'consent.listed', targetType: 'client', targetId: clientId, clientId },
    ]);
    return { items: consents.map((consent) => toConsentView(consent, this.cipher)) };
  }

  async record(
    actor: Actor | null,
    input: RecordConsentPayload,
    correlationId: string,
  ): Promise<ConsentView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const refused = input.decision === 'refused';
    const now = new Date();
    const validUntil = refused ? null : this.validUntil(input.validUntil, now);
    if (refused && input.supersedesConsentId !== undefined) {
      throw fieldError('supersedesConsentId', 'a refusal cannot supersede a consent; withdraw it instead');
    }
    // Checked before anything is written: an unknown client is 404 before an unknown organisation is 400.
    await this.access.ownClient(context, input.clientId, 'consent.given', { live: true });
    await this.directory.requireRecipients(context, input.recipientOrganisationIds);

    return this.dataSource.transaction(async (manager) => {
      const client = await this.access.ownClient(context, input.clientId, 'consent.given', {
        manager,
        lock: true,
        live: true,
      });
      const superseded = input.supersedesConsentId
        ? await this.lockSuperseded(manager, input.supersedesConsentId, client, now)
        : null;
      const consent = manager.create(ConsentEntity, {
        id: randomUUID(),
        clientId: client.id,
        organisationId: client.organisationId,
        version: superseded ? superseded.version + 1 : 1,
        status: refused ? 'refused' : 'active',
        recipientOrganisationIds: input.recipientOrganisationIds,
        categories: input.categories,
        purposes: input.purposes,
        method: input.method,
        givenBy: input.givenBy,
        recordedBy: context.actor.userId,
        noticeVersion: input.noticeVersion.trim(),
        noticeLanguage: input.noticeLanguage,
        interpreterUsed: input.interpreterUsed,
        givenAt: now,
        validUntil,
        supersedesId: superseded?.id ?? null,
        supersededById: null,
        withdrawnAt: null,
        withdrawnBy: null,
        withdrawalMethod: null,
        withdrawalReason: null,
        withdrawalNoteEnc: null,
        expiredAt: null,
        createdAt: now,
      });
      await this.consents.save(manager, consent);
      if (superseded) {
        superseded.status = 'superseded';
        superseded.supersededById = consent.id;
        await this.consents.save(manager, superseded);
        await this.events.append(
          manager,
          'events.clients.consent.superseded',
          { ...toConsentEventData(superseded), supersededByConsentId: consent.id },
          context,
        );
      }
      await this.touch(manager, client, now);
      const action = refused ? 'consent.refused' : 'consent.given';
      await this.events.append(
        manager,
        refused ? 'events.clients.consent.refused' : 'events.clients.consent.given',
        toConsentEventData(consent),
        context,
      );
      await this.audit.record(manager, context, {
        action,
        targetType: 'consent',
        targetId: consent.id,
        clientId: client.id,
        consentId: consent.id,
        detail: {
          categories: consent.categories.join(','),
          recipients: consent.recipientOrganisationIds.length,
          supersedes: superseded?.id ?? null,
        },
      });
      // The reply commits with the consent: a retry after a crash gets it (idempotency keys).
      return replyWithin(manager, toConsentView(consent, this.cipher));
    });
  }

  async withdraw(
    actor: Actor | null,
    input: WithdrawConsentPayload,
    correlationId: string,
  ): Promise<ConsentView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    return this.dataSource.transaction(async (manager) => {
      // Locks in the same order as every other change: the client, then its consents.
      const found = await this.consents.findById(input.consentId, manager);
      if (!found) {
        throw consentNotFound();
      }
      const client = await this.ownClientOfConsent(context, found, 'consent.withdrawn', manager);
      const consent = await this.consents.lockById(manager, found.id);
      if (!consent) {
        throw consentNotFound();
      }
      const now = new Date();
      if (consent.status === 'withdrawn') {
        throw new AppError('CONSENT.ALREADY_WITHDRAWN', 'The consent was withdrawn already', {
          withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
        });
      }
      if (!isInForce(consent, now)) {
        throw new AppError(
          'CONSENT.NOT_ACTIVE',
          `The consent is not in force (${consent.status === 'active' ? 'expired' : consent.status})`,
          {
            status: consent.status === 'active' ? 'expired' : consent.status,
          },
        );
      }
      consent.status = 'withdrawn';
      consent.withdrawnAt = now;
      consent.withdrawnBy = context.actor.userId;
      consent.withdrawalMethod = input.method;
      consent.withdrawalReason = 'withdrawn';
      consent.withdrawalNoteEnc = this.cipher.encryptNullable(
        input.note?.trim(),
        withdrawalNoteContext(consent.id),
      );
      await this.consents.save(manager, consent);
      await this.touch(manager, client, now);
      await this.events.append(
        manager,
        'events.clients.consent.withdrawn',
        { ...toConsentEventData(consent), reason: 'withdrawn' },
        context,
      );
      await this.audit.record(manager, context, {
        action: 'consent.withdrawn',
        targetType: 'consent',
        targetId: consent.id,
        clientId: consent.clientId,
        consentId: consent.id,
        detail: { method: input.method },
      });
      return replyWithin(manager, toConsentView(consent, this.cipher));
    });
  }

  /** The advisor's reminder list: consents of the organisation's clients that end soon. */
  async expiring(
    actor: Actor | null,
    input: ExpiringConsentsPayload,
    correlationId: string,
  ): Promise<{ items: ExpiringConsent[] }> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const until = new Date(Date.now() + (input.withinDays ?? 30) * 86_400_000);
    const consents = await this.consents.expiringForOrganisation(context.actor.organisationId, until);
    const clientIds = [...new Set(consents.map((consent) => consent.clientId))];
    const clients = new Map((await this.clients.findByIds(clientIds)).map((client) => [client.id, client]));
    await this.audit.recordReads(
      context,
      clientIds
        .filter((clientId) => clients.has(clientId))
        .map((clientId) => ({
          action: 'consent.expiring_listed',
          targetType: 'client',
          targetId: clientId,
          clientId,
        })),
    );
    return {
      items: consents.map((consent) => ({
        consentId: consent.id,
        clientId: consent.clientId,
        firstName: clients.get(consent.clientId)?.firstName ?? null,
        lastName: clients.get(consent.clientId)?.lastName ?? null,
        validUntil: consent.validUntil.toISOString(),
        recipientOrganisationIds: consent.recipientOrganisationIds,
      })),
    };
  }

  /**
   * The consent check (no personal data in the answer, so no audit entry). A member of the client's
   * organisation asks before a disclosure; the system actor asks for any client (the referrals
   * service re-checking its referrals when a consent is superseded).
   */
  async check(
    actor: Actor | null,
    input: ConsentCheckPayload,
    _correlationId: string,
  ): Promise<ConsentCheckReply> {
    const system = isSystemActor(actor);
    const organisationId = system ? null : requireOrganisationMember(actor).organisationId;
    const client = await this.clients.findById(input.clientId);
    if (!client || (!system && client.organisationId !== organisationId) || client.erasedAt !== null) {
      return { allowed: false, reason: 'CLIENT_NOT_FOUND' };
    }
    return checkConsent(await this.consents.listForClient(client.id), input, new Date());
  }

  /**
   * The client's data limited to the consented categories, recorded as a disclosure. The consent
   * rows stay share-locked until the audit entry commits, so a withdrawal cannot slip in between.
   */
  async snapshot(
    actor: Actor | null,
    input: DisclosureSnapshotPayload,
    correlationId: string,
  ): Promise<DisclosureSnapshotReply> {
    // Only an advisor of the client's organisation discloses (sends a referral): checked here, not
    // left to the gateway or the referrals service.
    const context = { actor: requireAdvisor(actor), correlationId };
    return this.dataSource.transaction(async (manager) => {
      const client = await this.access.ownClient(context, input.clientId, 'client.disclosed', {
        manager,
        live: true,
      });
      const decision = checkConsent(
        await this.consents.activeForClientLocked(manager, client.id),
        input,
        new Date(),
      );
      if (!decision.allowed) {
        throw new AppError('CONSENT.NOT_COVERED', 'No consent in force covers this disclosure', decision);
      }
      await this.audit.record(manager, context, {
        action: 'client.disclosed',
        targetType: input.targetType,
        targetId: input.targetId,
        clientId: client.id,
        consentId: decision.consentId,
        recipientOrganisationId: input.organisationId,
        detail: { categories: input.categories.join(','), purpose: input.purpose },
      });
      return {
        consentId: decision.consentId,
        consentVersion: decision.consentVersion,
        data: buildSnapshot(client, input.categories, this.cipher),
      };
    });
  }

  /** The scheduled expiry: safe in every replica (rows claimed with SKIP LOCKED); events in the same transaction. */
  async expireDue(correlationId: string = randomUUID()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.dataSource.transaction(async (manager) => {
        const batch = await this.consents.expireDue(manager, EXPIRY_BATCH);
        for (const consent of batch) {
          const context: ActorContext = { actor: SYSTEM_ACTOR, correlationId };
          await this.events.append(
            manager,
            'events.clients.consent.expired',
            toConsentEventData(consent),
            context,
          );
          await this.audit.record(manager, context, {
            action: 'consent.expired',
            organisationId: consent.organisationId,
            targetType: 'consent',
            targetId: consent.id,
            clientId: consent.clientId,
            consentId: consent.id,
          });
        }
        return batch.length;
      });
      total += expired;
      if (expired < EXPIRY_BATCH) {
        return total;
      }
    }
  }

  private validUntil(requested: string | undefined, now: Date): Date {
    if (requested === undefined) {
      return addMonths(now, this.config.consentValidityMonths);
    }
    const date = new Date(requested);
    if (Number.isNaN(date.getTime()) || date.getTime() <= now.getTime()) {
      throw fieldError('validUntil', 'validUntil must be in the future');
    }
    if (date.getTime() > addMonths(now, MAX_VALIDITY_YEARS * 12).getTime()) {
      throw fieldError('validUntil', `validUntil must be within ${MAX_VALIDITY_YEARS} years`);
    }
    return date;
  }

  private async lockSuperseded(
    manager: EntityManager,
    consentId: string,
    client: ClientEntity,
    now: Date,
  ): Promise<ConsentEntity> {
    const old = await this.consents.lockById(manager, consentId);
    if (!old || old.clientId !== client.id) {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
        {
          field: 'supersedesConsentId',
          reasons: ["supersedesConsentId must be one of this client's consents"],
        },
      ]);
    }
    if (old.status === 'withdrawn') {
      throw new AppError('CONSENT.ALREADY_WITHDRAWN', 'The consent to supersede was withdrawn');
    }
    if (!isInForce(old, now)) {
      throw new AppError('CONSENT.NOT_ACTIVE', 'Only a consent in force can be superseded', {
        status: old.status,
      });
    }
    return old;
  }

  private async ownClientOfConsent(
    context: ActorContext,
    consent: ConsentEntity,
    action: string,
    manager: EntityManager,
  ): Promise<ClientEntity> {
    if (consent.organisationId !== context.actor.organisationId) {
      await this.audit.recordReads(context, [
        {
          action,
          outcome: 'refused',
          targetType: 'consent',
          targetId: consent.id,
          clientId: consent.clientId,
          consentId: consent.id,
        },
      ]);
      throw consentNotFound();
    }
    const client = await this.clients.lockById(manager, consent.clientId);
    if (!client) {
      throw clientNotFound();
    }
    return client;
  }

  private async touch(manager: EntityManager, client: ClientEntity, now: Date): Promise<void> {
    await manager.update(ClientEntity, { id: client.id }, { lastActivityAt: now });
  }
}
