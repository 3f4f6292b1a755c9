import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  SYSTEM_ACTOR,
  type Actor,
  type ActorContext,
  type ClientExport,
  type ClientView,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { IdempotencyStore, AuditRecorder, replyWithin } from '#service-core';
import { requireAdvisor } from '../access.js';
import { ClientAccess } from '../clients/client-access.js';
import type { ClientEntity } from '../clients/client.entity.js';
import { toClientView } from '../clients/client.mapper.js';
import { ClientRepository } from '../clients/client.repository.js';
import { CLIENTS_CONFIG, type ClientsConfig } from '../config.js';
import { toConsentEventData, toConsentView } from '../consents/consent.mapper.js';
import { ConsentRepository } from '../consents/consent.repository.js';
import { FieldCipher } from '../crypto/field-cipher.js';

const RETENTION_BATCH = 50;

/** The client's rights: a copy of everything held (GDPR art. 15) and erasure (art. 17), on request or by retention. */
@Injectable()
export class RightsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly consents: ConsentRepository,
    private readonly access: ClientAccess,
    private readonly audit: AuditRecorder,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
    private readonly cipher: FieldCipher,
    @Inject(CLIENTS_CONFIG) private readonly config: ClientsConfig,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async export(actor: Actor | null, clientId: string, correlationId: string): Promise<ClientExport> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const client = await this.access.ownClient(context, clientId, 'client.exported');
    const consents = await this.consents.listForClient(clientId);
    await this.audit.recordReads(context, [
      { action: 'client.exported', targetType: 'client', targetId: clientId, clientId },
    ]);
    return {
      exportedAt: new Date().toISOString(),
      client: toClientView(client, this.cipher),
      consents: consents.map((consent) => toConsentView(consent, this.cipher)),
    };
  }

  async erase(actor: Actor | null, clientId: string, correlationId: string): Promise<ClientView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    return this.dataSource.transaction(async (manager) => {
      const client = await this.access.ownClient(context, clientId, 'client.erased', { manager, lock: true });
      if (client.erasedAt !== null) {
        throw new AppError('CLIENT.ERASED', 'The client has been erased already');
      }
      await this.eraseLocked(manager, client, context, 'request');
      return replyWithin(manager, toClientView(client, this.cipher));
    });
  }

  /**
   * Erases clients inactive for longer than CLIENT_RETENTION_DAYS with no consent in force. Rows
   * are claimed with SKIP LOCKED, so every replica may run it; each batch commits with its events.
   */
  async eraseInactive(correlationId: string = randomUUID()): Promise<number> {
    if (this.config.retentionDays === 0) {
      return 0;
    }
    let total = 0;
    for (;;) {
      const erased = await this.dataSource.transaction(async (manager) => {
        const batch = await this.clients.claimInactive(manager, this.config.retentionDays, RETENTION_BATCH);
        for (const client of batch) {
          await this.eraseLocked(manager, client, { actor: SYSTEM_ACTOR, correlationId }, 'retention');
        }
        return batch.length;
      });
      total += erased;
      if (erased < RETENTION_BATCH) {
        return total;
      }
    }
  }

  /**
   * Removes the personal fields and keeps ids and what the anonymised statistics need (birth year,
   * gender, languages, municipality, need categories). Consents in force are withdrawn, so every
   * service stops disclosing; their records stay (the disclosures that rested on them happened).
   */
  private async eraseLocked(
    manager: EntityManager,
    client: ClientEntity,
    context: ActorContext,
    reason: 'request' | 'retention',
  ): Promise<void> {
    const now = new Date();
    for (const consent of await this.consents.activeForClientForUpdate(manager, client.id)) {
      consent.status = 'withdrawn';
      consent.withdrawnAt = now;
      consent.withdrawnBy = context.actor.userId;
      consent.withdrawalReason = 'client_erased';
      await this.consents.save(manager, consent);
      await this.events.append(
        manager,
        'events.clients.consent.withdrawn',
        { ...toConsentEventData(consent), reason: 'client_erased' },
        context,
      );
    }
    await manager.query(
      `UPDATE "clients"."consents" SET "withdrawal_note_enc" = NULL WHERE "client_id" = $1`,
      [client.id],
    );
    Object.assign(client, {
      firstName: null,
      lastName: null,
      dateOfBirth: null,
      personalIdentityCodeEnc: null,
      personalIdentityCodeHash: null,
      personalIdentityCodeMasked: null,
      phone: null,
      email: null,
      needs: client.needs.map((need) => ({ category: need.category, description: null })),
      backgroundEnc: null,
      erasedAt: now,
      updatedAt: now,
      version: client.version + 1,
    } satisfies Partial<ClientEntity>);
    await this.clients.save(manager, client);
    // Stored replies of retried commands (e.g. the registration) hold personal data: forget them too.
    await this.idempotency.forgetRepliesMentioning(manager, client.id);
    const ids = { clientId: client.id, organisationId: client.organisationId };
    await this.events.append(manager, 'events.clients.client.erased', ids, context);
    await this.audit.record(manager, context, {
      action: 'client.erased',
      organisationId: client.organisationId,
      targetType: 'client',
      targetId: client.id,
      clientId: client.id,
      detail: { reason },
    });
  }
}
