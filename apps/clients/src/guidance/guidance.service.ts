import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AppError,
  SYSTEM_ACTOR,
  type Actor,
  type ClientsStatisticsSnapshotReply,
  type ClientsStatisticsSnapshotRequest,
  type ContactPage,
  type ContactRecordedData,
  type ContactView,
  type GroupEventPage,
  type GroupEventView,
  type ListContactsRequest,
  type ListGroupEventsRequest,
  type RecordContactRequest,
  type RecordGroupEventRequest,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { AuditRecorder, CursorCodec, replyWithin } from '#service-core';
import { requireAdvisor } from '../access.js';
import { ClientAccess } from '../clients/client-access.js';
import { ClientRepository } from '../clients/client.repository.js';
import { GuidanceRepository, type GuidanceCursor } from './guidance.repository.js';
import { participantRecord } from './participant-record.js';

const DEFAULT_PAGE_SIZE = 20;
const SNAPSHOT_PAGE_SIZE = 1000;

const isGuidanceCursor = (value: unknown): value is GuidanceCursor => {
  const cursor = value as GuidanceCursor | null;
  return (
    typeof cursor === 'object' &&
    cursor !== null &&
    typeof cursor.date === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(cursor.date) &&
    typeof cursor.createdAt === 'string' &&
    !Number.isNaN(Date.parse(cursor.createdAt)) &&
    typeof cursor.id === 'string' &&
    /^[0-9a-f-]{36}$/i.test(cursor.id)
  );
};

/** The event of a recorded contact: ids, codes and bands only. */
export const contactEvent = (contact: ContactView): ContactRecordedData => ({
  contactId: contact.id,
  organisationId: contact.organisationId,
  date: contact.date,
  channel: contact.channel,
  topics: contact.topics,
  language: contact.language,
  interpreter: contact.interpreter,
  duration: contact.duration,
  kind: contact.kind,
  clientId: contact.clientId,
  anonymous: contact.anonymous,
});

const exactlyOneSubject = (): AppError =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', [
    { field: 'clientId', reasons: ['give exactly one of clientId or anonymous'] },
  ]);

/**
 * Guidance contacts and group events (advisors of the organisation), and the statistical snapshot
 * the statistics service rebuilds from (the system only).
 */
@Injectable()
export class GuidanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guidance: GuidanceRepository,
    private readonly clients: ClientRepository,
    private readonly access: ClientAccess,
    private readonly audit: AuditRecorder,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
    private readonly cursors: CursorCodec,
  ) {}

  async recordContact(
    actor: Actor | null,
    input: RecordContactRequest,
    correlationId: string,
  ): Promise<ContactView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    if ((input.clientId === undefined) === (input.anonymous === undefined)) {
      throw exactlyOneSubject();
    }
    return this.dataSource.transaction(async (manager) => {
      if (input.clientId) {
        // Another organisation's (or an unknown) client: 404, audited as refused.
        await this.access.ownClient(context, input.clientId, 'contact.recorded', { manager, live: true });
      }
      const contact: ContactView = {
        id: randomUUID(),
        organisationId: context.actor.organisationId,
        date: input.date,
        channel: input.channel,
        topics: input.topics,
        language: input.language,
        interpreter: input.interpreter,
        duration: input.duration,
        kind: input.clientId ? 'registered' : 'anonymous',
        clientId: input.clientId ?? null,
        anonymous: input.anonymous
          ? {
              ageBand: input.anonymous.ageBand,
              gender: input.anonymous.gender,
              municipality: input.anonymous.municipality,
            }
          : null,
        recordedBy: context.actor.userId,
        createdAt: new Date().toISOString(),
      };
      await this.guidance.insertContact(manager, contact);
      await this.events.append(manager, 'events.clients.contact.recorded', contactEvent(contact), context);
      await this.audit.record(manager, context, {
        action: 'contact.recorded',
        targetType: 'contact',
        targetId: contact.id,
        clientId: contact.clientId ?? undefined,
        detail: { kind: contact.kind },
      });
      return replyWithin(manager, contact);
    });
  }

  async listContacts(
    actor: Actor | null,
    input: ListContactsRequest,
    correlationId: string,
  ): Promise<ContactPage> {
    const context = { actor: requireAdvisor(actor), correlationId };
    if (input.clientId) {
      await this.access.ownClient(context, input.clientId, 'contact.listed');
    }
    const limit = input.limit ?? DEFAULT_PAGE_SIZE;
    const scope = { list: `contacts:${input.clientId ?? ''}`, organisationId: context.actor.organisationId };
    const rows = await this.guidance.listContacts({
      organisationId: context.actor.organisationId,
      clientId: input.clientId,
      from: input.from,
      to: input.to,
      after: this.cursors.decode(scope, input.cursor, isGuidanceCursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    // A client's contacts are a read of the client's data; the organisation's list is one entry.
    await this.audit.recordReads(context, [
      input.clientId
        ? {
            action: 'contact.listed',
            targetType: 'client',
            targetId: input.clientId,
            clientId: input.clientId,
          }
        : { action: 'contact.listed', targetType: 'organisation', targetId: context.actor.organisationId },
    ]);
    return { items: page, nextCursor: this.next(scope, rows, limit) };
  }

  async recordGroupEvent(
    actor: Actor | null,
    input: RecordGroupEventRequest,
    correlationId: string,
  ): Promise<GroupEventView> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const event: GroupEventView = {
      id: randomUUID(),
      organisationId: context.actor.organisationId,
      date: input.date,
      topics: input.topics,
      attendance: input.attendance,
      language: input.language ?? null,
      title: input.title?.trim() || null,
      recordedBy: context.actor.userId,
      createdAt: new Date().toISOString(),
    };
    return this.dataSource.transaction(async (manager) => {
      await this.guidance.insertGroupEvent(manager, event);
      await this.events.append(
        manager,
        'events.clients.group_event.recorded',
        {
          groupEventId: event.id,
          organisationId: event.organisationId,
          date: event.date,
          topics: event.topics,
          attendance: event.attendance,
          language: event.language,
        },
        context,
      );
      await this.audit.record(manager, context, {
        action: 'group_event.recorded',
        targetType: 'group_event',
        targetId: event.id,
      });
      return replyWithin(manager, event);
    });
  }

  async listGroupEvents(
    actor: Actor | null,
    input: ListGroupEventsRequest,
    correlationId: string,
  ): Promise<GroupEventPage> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const organisationId = context.actor.organisationId;
    const limit = input.limit ?? DEFAULT_PAGE_SIZE;
    const scope = { list: 'group_events', organisationId };
    const rows = await this.guidance.listGroupEvents({
      organisationId,
      from: input.from,
      to: input.to,
      after: this.cursors.decode(scope, input.cursor, isGuidanceCursor),
      limit: limit + 1,
    });
    return { items: rows.slice(0, limit), nextCursor: this.next(scope, rows, limit) };
  }

  /** The system only: one page of one part, in id order. Ids, dates, codes and bands; no names or texts. */
  async snapshot(
    actor: Actor | null,
    input: ClientsStatisticsSnapshotRequest,
  ): Promise<ClientsStatisticsSnapshotReply> {
    if (actor?.userId !== SYSTEM_ACTOR.userId) {
      throw new AppError('AUTH.FORBIDDEN', 'Only the system reads the statistics snapshot');
    }
    const limit = input.limit ?? SNAPSHOT_PAGE_SIZE;
    const after = input.after ?? null;
    const reply: ClientsStatisticsSnapshotReply = {
      contacts: [],
      groupEvents: [],
      participants: [],
      next: null,
    };
    let ids: string[];
    if (input.part === 'contacts') {
      reply.contacts = (await this.guidance.contactsAfter(after, limit)).map(contactEvent);
      ids = reply.contacts.map((c) => c.contactId);
    } else if (input.part === 'group_events') {
      reply.groupEvents = (await this.guidance.groupEventsAfter(after, limit)).map((event) => ({
        groupEventId: event.id,
        organisationId: event.organisationId,
        date: event.date,
        topics: event.topics,
        attendance: event.attendance,
        language: event.language,
      }));
      ids = reply.groupEvents.map((e) => e.groupEventId);
    } else {
      reply.participants = (await this.clients.idsAfter(after, limit)).map(participantRecord);
      ids = reply.participants.map((p) => p.clientId);
    }
    reply.next = ids.length === limit ? ids[ids.length - 1] : null;
    return reply;
  }

  private next(
    scope: { list: string; organisationId: string },
    rows: Array<{ date: string; createdAt: string; id: string }>,
    limit: number,
  ): string | null {
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last
      ? this.cursors.encode(scope, { date: last.date, createdAt: last.createdAt, id: last.id })
      : null;
  }
}
