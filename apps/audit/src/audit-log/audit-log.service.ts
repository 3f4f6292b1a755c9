import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  type Actor,
  type AuditEntryData,
  type AuditSearchReply,
  type AuditSearchRequest,
  type DisclosureListReply,
  isPlatformAdmin,
} from '#contracts';
import type { EventEnvelope } from '#messaging';
import { CursorCodec } from '#service-core';
import {
  AuditLogRepository,
  toAuditEntryView,
  toDisclosureView,
  type AuditSearchFilter,
  type NewAuditEntry,
} from './audit-log.repository.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

const OUTCOMES = new Set(['granted', 'refused']);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const textOrNull = (value: unknown): string | null => (isText(value) ? value : null);

/** The entry as stored: ids and codes from the data, who acted from the envelope's actor. */
export function toNewEntry(
  id: string,
  actor: Actor | null,
  data: AuditEntryData,
  context: { correlationId: string; occurredAt: string },
): NewAuditEntry {
  // An event that cannot be stored faithfully is refused (and so dead-lettered and alerted on),
  // never stored with made-up values.
  if (!isText(data.action) || !isText(data.targetType) || !OUTCOMES.has(data.outcome)) {
    throw new Error('audit entry needs action, targetType and an outcome of granted or refused');
  }
  const occurredAt = new Date(context.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) {
    throw new Error('audit entry needs an ISO occurredAt');
  }
  const detail = data.detail ?? null;
  if (
    detail !== null &&
    (typeof detail !== 'object' ||
      Array.isArray(detail) ||
      Object.values(detail).some((value) => value !== null && typeof value === 'object'))
  ) {
    throw new Error('audit entry detail must be a flat object of codes');
  }
  return {
    id,
    action: data.action,
    outcome: data.outcome,
    actorUserId: textOrNull(actor?.userId),
    actorRole: textOrNull(actor?.role),
    organisationId: textOrNull(data.organisationId),
    targetType: data.targetType,
    targetId: textOrNull(data.targetId),
    clientId: textOrNull(data.clientId),
    consentId: textOrNull(data.consentId),
    recipientOrganisationId: textOrNull(data.recipientOrganisationId),
    correlationId: context.correlationId,
    sourceService: textOrNull(data.sourceService),
    detail,
    occurredAt: occurredAt.toISOString(),
  };
}

/** The audit search pages by `seq` (a bigint as text). */
const isSeq = (value: unknown): value is string =>
  typeof value === 'string' && /^[1-9][0-9]{0,18}$/.test(value);

@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AuditLogRepository,
    private readonly cursors: CursorCodec,
  ) {}

  /** An audit event from a service's outbox, in the consumer's transaction (which holds the inbox row). */
  async recordEvent(
    event: EventEnvelope<'events.audit.entry.recorded'>,
    manager: EntityManager,
  ): Promise<void> {
    await this.log.append(manager, toNewEntry(event.id, event.actor, event.data, event));
  }

  /** An entry sent directly (the gateway's refused requests); the request's id makes a retry a no-op. */
  record(
    actor: Actor | null,
    data: AuditEntryData,
    context: { id: string; correlationId: string; occurredAt: string },
  ): Promise<{ id: string; seq: string }> {
    let entry: NewAuditEntry;
    try {
      entry = toNewEntry(context.id, actor, data, context);
    } catch (error) {
      throw new AppError('VALIDATION.FAILED', error instanceof Error ? error.message : 'invalid audit entry');
    }
    return this.dataSource.transaction((manager) => this.log.append(manager, entry));
  }

  /** platform_admin only. Reading the log is itself an admin action, recorded in the same transaction. */
  async search(
    actor: Actor | null,
    query: AuditSearchRequest,
    correlationId: string,
  ): Promise<AuditSearchReply> {
    if (!isPlatformAdmin(actor)) {
      throw new AppError('AUTH.FORBIDDEN', 'Only a platform administrator may search the audit log');
    }
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const scope = { list: 'audit', organisationId: actor?.organisationId ?? null };
    const filter: AuditSearchFilter = {
      clientId: query.clientId,
      userId: query.userId,
      organisationId: query.organisationId,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      beforeSeq: this.cursors.decode(scope, query.cursor, isSeq) ?? undefined,
      limit: limit + 1,
    };
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.log.search(manager, filter);
      await this.log.append(
        manager,
        toNewEntry(randomUUID(), actor, searchEntry(query), {
          correlationId,
          occurredAt: new Date().toISOString(),
        }),
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map(toAuditEntryView),
        nextCursor:
          rows.length > limit ? this.cursors.encode(scope, String(page[page.length - 1].seq)) : null,
      };
    });
  }

  /**
   * Who received or viewed a client's data. The caller must be an advisor of the client's
   * organisation: the gateway asks the clients service first, and the log checks its own record of
   * the client's registration too. Another organisation's client is 404.
   */
  async disclosures(
    actor: Actor | null,
    clientId: string,
    correlationId: string,
  ): Promise<DisclosureListReply> {
    const organisationId = actor?.role === 'advisor' ? actor.organisationId : null;
    if (!actor || !organisationId) {
      throw new AppError('AUTH.FORBIDDEN', "Only the client's advisor may read the disclosure log");
    }
    // The log hears of a registration a moment after it (through the clients service's outbox):
    // until then the gateway's check with the clients service, which comes first, is the only one,
    // and the log has recorded nothing of the client to show.
    const registrants = await this.log.clientRegistrants(this.dataSource.manager, clientId);
    if (registrants.length > 0 && !registrants.includes(organisationId)) {
      throw new AppError('RESOURCE.NOT_FOUND', 'No such client');
    }
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.log.findDisclosures(manager, clientId, organisationId);
      await this.log.append(
        manager,
        toNewEntry(
          randomUUID(),
          actor,
          {
            action: 'client.disclosures.read',
            outcome: 'granted',
            targetType: 'client',
            targetId: clientId,
            clientId,
            organisationId,
            sourceService: 'audit',
          },
          { correlationId, occurredAt: new Date().toISOString() },
        ),
      );
      const items = rows.map(toDisclosureView);
      return {
        clientId,
        items,
        recipientOrganisationIds: [...new Set(items.map((item) => item.recipientOrganisationId))],
      };
    });
  }
}

/** The search as an audit entry: which filters were used (ids only), never the results. */
function searchEntry(query: AuditSearchRequest): AuditEntryData {
  const detail: Record<string, string> = {};
  // The filters go in the detail: a search is not an access to a client's data, so it stays out of
  // the client's own entries (and of the counts of reads that completeness checks rely on).
  for (const key of [
    'clientId',
    'userId',
    'organisationId',
    'action',
    'targetType',
    'targetId',
    'from',
    'to',
  ] as const) {
    const value = query[key];
    if (value !== undefined) {
      detail[key] = value;
    }
  }
  return {
    action: 'audit.searched',
    outcome: 'granted',
    targetType: 'audit_log',
    targetId: null,
    organisationId: null,
    sourceService: 'audit',
    detail,
  };
}
