import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  AnonymousContact,
  ClientNeedCategory,
  ContactChannel,
  ContactDuration,
  ContactView,
  GroupEventView,
} from '#contracts';

/** The table's check constraint: a registered contact names its client, an anonymous one its bands. */
type ContactRow = ContactRowCommon &
  (
    | { client_id: string; age_band: null; gender: null; municipality: null }
    | {
        client_id: null;
        age_band: AnonymousContact['ageBand'];
        gender: AnonymousContact['gender'];
        municipality: string;
      }
  );

interface ContactRowCommon {
  id: string;
  organisation_id: string;
  date: string;
  channel: ContactChannel;
  topics: ClientNeedCategory[];
  language: string;
  interpreter: boolean;
  duration: ContactDuration;
  recorded_by: string;
  created_at: Date;
}

interface GroupEventRow {
  id: string;
  organisation_id: string;
  date: string;
  topics: ClientNeedCategory[];
  attendance: number;
  language: string | null;
  title: string | null;
  recorded_by: string;
  created_at: Date;
}

/** A keyset position: newest first by (date, created_at, id). */
export interface GuidanceCursor {
  date: string;
  createdAt: string;
  id: string;
}

export interface GuidanceFilter {
  organisationId: string;
  clientId?: string;
  from?: string;
  to?: string;
  after: GuidanceCursor | null;
  /** Rows to read: the page size plus one (to know whether there is a next page). */
  limit: number;
}

export const toContactView = (row: ContactRow): ContactView => ({
  id: row.id,
  organisationId: row.organisation_id,
  date: row.date,
  channel: row.channel,
  topics: row.topics,
  language: row.language,
  interpreter: row.interpreter,
  duration: row.duration,
  kind: row.client_id ? 'registered' : 'anonymous',
  clientId: row.client_id,
  anonymous:
    row.client_id === null
      ? { ageBand: row.age_band, gender: row.gender, municipality: row.municipality }
      : null,
  recordedBy: row.recorded_by,
  createdAt: row.created_at.toISOString(),
});

export const toGroupEventView = (row: GroupEventRow): GroupEventView => ({
  id: row.id,
  organisationId: row.organisation_id,
  date: row.date,
  topics: row.topics,
  attendance: row.attendance,
  language: row.language,
  title: row.title,
  recordedBy: row.recorded_by,
  createdAt: row.created_at.toISOString(),
});

const CONTACT_COLUMNS = `id, organisation_id, to_char(date, 'YYYY-MM-DD') AS date, channel, topics, language,
  interpreter, duration, client_id, age_band, gender, municipality, recorded_by, created_at`;
const GROUP_EVENT_COLUMNS = `id, organisation_id, to_char(date, 'YYYY-MM-DD') AS date, topics, attendance,
  language, title, recorded_by, created_at`;

/** Parameterised SQL over `clients.contacts` and `clients.group_events`. */
@Injectable()
export class GuidanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertContact(manager: EntityManager, contact: ContactView): Promise<void> {
    await manager.query(
      `INSERT INTO "clients"."contacts" (id, organisation_id, date, channel, topics, language, interpreter,
         duration, client_id, age_band, gender, municipality, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        contact.id,
        contact.organisationId,
        contact.date,
        contact.channel,
        contact.topics,
        contact.language,
        contact.interpreter,
        contact.duration,
        contact.clientId,
        contact.anonymous?.ageBand ?? null,
        contact.anonymous?.gender ?? null,
        contact.anonymous?.municipality ?? null,
        contact.recordedBy,
        contact.createdAt,
      ],
    );
  }

  async insertGroupEvent(manager: EntityManager, event: GroupEventView): Promise<void> {
    await manager.query(
      `INSERT INTO "clients"."group_events" (id, organisation_id, date, topics, attendance, language, title,
         recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        event.id,
        event.organisationId,
        event.date,
        event.topics,
        event.attendance,
        event.language,
        event.title,
        event.recordedBy,
        event.createdAt,
      ],
    );
  }

  async listContacts(filter: GuidanceFilter): Promise<ContactView[]> {
    const { where, params } = this.where(filter);
    if (filter.clientId) {
      params.push(filter.clientId);
      where.push(`client_id = $${params.length}`);
    }
    const rows: ContactRow[] = await this.dataSource.query(
      `SELECT ${CONTACT_COLUMNS} FROM "clients"."contacts" WHERE ${where.join(' AND ')}
        ORDER BY date DESC, created_at DESC, id DESC LIMIT ${filter.limit}`,
      params,
    );
    return rows.map(toContactView);
  }

  async listGroupEvents(filter: GuidanceFilter): Promise<GroupEventView[]> {
    const { where, params } = this.where(filter);
    const rows: GroupEventRow[] = await this.dataSource.query(
      `SELECT ${GROUP_EVENT_COLUMNS} FROM "clients"."group_events" WHERE ${where.join(' AND ')}
        ORDER BY date DESC, created_at DESC, id DESC LIMIT ${filter.limit}`,
      params,
    );
    return rows.map(toGroupEventView);
  }

  /** The statistics snapshot: every organisation's records, in id order. */
  async contactsAfter(after: string | null, limit: number): Promise<ContactView[]> {
    const rows: ContactRow[] = await this.dataSource.query(
      `SELECT ${CONTACT_COLUMNS} FROM "clients"."contacts" WHERE ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map(toContactView);
  }

  async groupEventsAfter(after: string | null, limit: number): Promise<GroupEventView[]> {
    const rows: GroupEventRow[] = await this.dataSource.query(
      `SELECT ${GROUP_EVENT_COLUMNS} FROM "clients"."group_events" WHERE ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map(toGroupEventView);
  }

  private where(filter: GuidanceFilter): { where: string[]; params: unknown[] } {
    const params: unknown[] = [filter.organisationId];
    const where = ['organisation_id = $1'];
    if (filter.from) {
      params.push(filter.from);
      where.push(`date >= $${params.length}::date`);
    }
    if (filter.to) {
      params.push(filter.to);
      where.push(`date <= $${params.length}::date`);
    }
    if (filter.after) {
      params.push(filter.after.date, filter.after.createdAt, filter.after.id);
      const n = params.length;
      where.push(`(date, created_at, id) < ($${n - 2}::date, $${n - 1}::timestamptz, $${n}::uuid)`);
    }
    return { where, params };
  }
}
