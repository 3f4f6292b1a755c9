import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AppError,
  maskPersonalIdentityCode,
  type Actor,
  type ActorContext,
  type ClientPage,
  type ClientSummary,
  type ClientView,
  type CreateClientPayload,
  type ListClientsPayload,
  type UpdateClientPayload,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { CursorCodec, isUuid, AuditRecorder, replyWithin } from '#service-core';
import { requireAdvisor, requireOrganisationMember } from '../access.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ClientAccess } from './client-access.js';
import { prepareClientFields, type PreparedClientFields } from './client-fields.js';
import { parseClientQuery } from './client-query.js';
import { ClientEntity } from './client.entity.js';
import {
  decryptBackground,
  decryptNeeds,
  encryptBackground,
  encryptNeeds,
  esfOf,
  picContext,
  toClientListItem,
  toClientSummary,
  toClientView,
  toDuplicateMatch,
} from './client.mapper.js';
import { ClientRepository } from './client.repository.js';
import { participantChanged, participantRecord } from '../guidance/participant-record.js';

const DEFAULT_PAGE_SIZE = 20;

@Injectable()
export class ClientService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly access: ClientAccess,
    private readonly audit: AuditRecorder,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
    private readonly cipher: FieldCipher,
    private readonly cursors: CursorCodec,
  ) {}

  async create(actor: Actor | null, input: CreateClientPayload, correlationId: string): Promise<ClientView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const fields = prepareClientFields(null, input);
    const identityCodeHash = fields.personalIdentityCode
      ? this.cipher.blindIndex(fields.personalIdentityCode)
      : null;
    return this.dataSource.transaction(async (manager) => {
      // One registration at a time per organisation, so two advisors cannot both miss the duplicate.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `clients:${context.actor.organisationId}`,
      ]);
      const duplicate = await this.clients.findDuplicate(manager, context.actor.organisationId, {
        identityCodeHash,
        firstName: fields.firstName,
        lastName: fields.lastName,
        dateOfBirth: fields.dateOfBirth,
      });
      if (duplicate && input.confirmDuplicate !== true) {
        throw new AppError(
          'CLIENT.POSSIBLE_DUPLICATE',
          'A client with the same identity code, or name and date of birth, exists; send confirmDuplicate: true to register anyway',
          toDuplicateMatch(duplicate.client, duplicate.matchedOn),
        );
      }
      const now = new Date();
      const id = randomUUID();
      const client = manager.create(ClientEntity, {
        id,
        organisationId: context.actor.organisationId,
        createdBy: context.actor.userId,
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
        erasedAt: null,
        version: 1,
        ...this.storedFields(id, fields),
      });
      await this.clients.save(manager, client);
      const ids = { clientId: id, organisationId: client.organisationId };
      await this.events.append(manager, 'events.clients.client.created', ids, context);
      await this.events.append(
        manager,
        'events.clients.participant.recorded',
        participantRecord(client),
        context,
      );
      await this.audit.record(manager, context, {
        action: 'client.created',
        targetType: 'client',
        targetId: id,
        clientId: id,
        detail: duplicate ? { confirmedDuplicateOf: duplicate.client.id } : undefined,
      });
      // The reply commits with the client: a retry after a crash gets it (idempotency keys).
      return replyWithin(manager, toClientView(client, this.cipher));
    });
  }

  async list(actor: Actor | null, input: ListClientsPayload, correlationId: string): Promise<ClientPage> {
    const context = { actor: requireAdvisor(actor), correlationId };
    if (input.ids !== undefined && input.q !== undefined) {
      throw new AppError('VALIDATION.FAILED', 'Give either q or ids', [
        { field: 'ids', reasons: ['ids cannot be combined with q'] },
      ]);
    }
    const query = parseClientQuery(input.q);
    const limit = input.limit ?? (input.ids ? input.ids.length : DEFAULT_PAGE_SIZE);
    const cursorScope = { list: 'clients', organisationId: context.actor.organisationId };
    const rows = await this.clients.search(
      context.actor.organisationId,
      query.kind === 'identity_code'
        ? { ...query, identityCodeHash: this.cipher.blindIndex(query.code) }
        : query,
      this.cursors.decode(cursorScope, input.cursor, isUuid),
      limit,
      input.ids,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    await this.audit.recordReads(
      context,
      page.map((client) => ({
        action: 'client.listed',
        targetType: 'client',
        targetId: client.id,
        clientId: client.id,
        detail: { search: input.ids ? 'ids' : query.kind },
      })),
    );
    return {
      items: page.map(toClientListItem),
      nextCursor: rows.length > limit && last ? this.cursors.encode(cursorScope, last.id) : null,
    };
  }

  async get(actor: Actor | null, clientId: string, correlationId: string): Promise<ClientView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const client = await this.access.ownClient(context, clientId, 'client.read');
    await this.audit.recordReads(context, [
      { action: 'client.read', targetType: 'client', targetId: clientId, clientId },
    ]);
    return toClientView(client, this.cipher);
  }

  async update(actor: Actor | null, input: UpdateClientPayload, correlationId: string): Promise<ClientView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const { clientId, ...patch } = input;
    return this.dataSource.transaction(async (manager) => {
      const client = await this.access.ownClient(context, clientId, 'client.updated', {
        manager,
        lock: true,
        live: true,
      });
      const fields = prepareClientFields(this.preparedOf(client), patch);
      const before = participantRecord(client);
      Object.assign(client, this.storedFields(client.id, fields));
      const now = new Date();
      client.updatedAt = now;
      client.lastActivityAt = now;
      client.version += 1;
      await this.clients.save(manager, client);
      await this.events.append(
        manager,
        'events.clients.client.updated',
        { clientId, organisationId: client.organisationId },
        context,
      );
      const after = participantRecord(client);
      if (participantChanged(before, after)) {
        await this.events.append(manager, 'events.clients.participant.recorded', after, context);
      }
      await this.audit.record(manager, context, {
        action: 'client.updated',
        targetType: 'client',
        targetId: clientId,
        clientId,
        detail: {
          fields: Object.entries(patch)
            .filter(([, value]) => value !== undefined)
            .map(([key]) => key)
            .sort()
            .join(','),
        },
      });
      return replyWithin(manager, toClientView(client, this.cipher));
    });
  }

  /** For other services: no personal data, so no audit entry. */
  async summary(actor: Actor | null, clientId: string, correlationId: string): Promise<ClientSummary> {
    const context: ActorContext = { actor: requireOrganisationMember(actor), correlationId };
    return toClientSummary(await this.access.ownClient(context, clientId, 'client.summary_read'));
  }

  private preparedOf(client: ClientEntity): PreparedClientFields {
    return {
      firstName: client.firstName ?? '',
      lastName: client.lastName ?? '',
      dateOfBirth: client.dateOfBirth,
      personalIdentityCode: this.cipher.decryptNullable(
        client.personalIdentityCodeEnc,
        picContext(client.id),
      ),
      languages: client.languages,
      preferredLanguage: client.preferredLanguage,
      interpreterNeeded: client.interpreterNeeded,
      phone: client.phone,
      email: client.email,
      municipality: client.municipality,
      gender: client.gender,
      needs: decryptNeeds(client, this.cipher),
      background: decryptBackground(client, this.cipher),
      esf: esfOf(client),
    };
  }

  private storedFields(id: string, fields: PreparedClientFields): Partial<ClientEntity> {
    const code = fields.personalIdentityCode;
    return {
      firstName: fields.firstName,
      lastName: fields.lastName,
      dateOfBirth: fields.dateOfBirth,
      birthYear: fields.dateOfBirth ? Number(fields.dateOfBirth.slice(0, 4)) : null,
      personalIdentityCodeEnc: code ? this.cipher.encrypt(code, picContext(id)) : null,
      personalIdentityCodeHash: code ? this.cipher.blindIndex(code) : null,
      personalIdentityCodeMasked: code ? maskPersonalIdentityCode(code) : null,
      languages: fields.languages,
      preferredLanguage: fields.preferredLanguage,
      interpreterNeeded: fields.interpreterNeeded,
      phone: fields.phone,
      email: fields.email,
      municipality: fields.municipality,
      gender: fields.gender,
      needs: encryptNeeds(id, fields.needs, this.cipher),
      backgroundEnc: encryptBackground(id, fields.background, this.cipher),
      esfLabourMarketStatus: fields.esf.labourMarketStatusAtEntry,
      esfEducation: fields.esf.educationAtEntry,
      esfResultAtExit: fields.esf.resultAtExit,
    };
  }
}
