import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationKind, NotificationView } from '#contracts';
import { updateReturning } from '../sql.js';

const TABLE = '"notifications"."notifications"';

interface NotificationRow {
  id: string;
  user_id: string;
  organisation_id: string | null;
  event_id: string;
  kind: NotificationKind;
  referral_id: string | null;
  detail: Record<string, string | null>;
  created_at: Date;
  read_at: Date | null;
  cursor_at: string;
}

export interface NewNotification {
  userId: string;
  organisationId: string | null;
  eventId: string;
  kind: NotificationKind;
  referralId: string | null;
  detail: Record<string, string | null>;
  /** A user keeps one notification per key (null: no such limit). */
  dedupeKey?: string | null;
}

export interface NotificationCursor {
  at: string;
  id: string;
}

/** Where in the portal a notification points (relative: the portal knows its own origin). */
export function notificationLink(referralId: string | null): string {
  return referralId ? `/referrals/${referralId}` : '/notifications';
}

export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    eventId: row.event_id,
    organisationId: row.organisation_id,
    referralId: row.referral_id,
    detail: row.detail,
    link: notificationLink(row.referral_id),
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

// The exact timestamp text (microseconds) so that keyset pages neither skip nor repeat rows.
const COLUMNS = `*, "created_at"::text AS "cursor_at"`;

@Injectable()
export class NotificationRepository {
  /**
   * One statement for all of an event's users. Returns the new notifications' ids by user: a user
   * who already has a notification of this event (a redelivery) or of its dedupe key is left out.
   */
  async insertAll(manager: EntityManager, inputs: NewNotification[]): Promise<Map<string, string>> {
    if (inputs.length === 0) {
      return new Map();
    }
    const params = inputs.flatMap((input) => [
      input.userId,
      input.organisationId,
      input.eventId,
      input.kind,
      input.referralId,
      JSON.stringify(input.detail),
      input.dedupeKey ?? null,
    ]);
    const rows = inputs.map((_, i) => {
      const n = 7 * i;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}::jsonb, $${n + 7})`;
    });
    const inserted = await manager.query<{ id: string; user_id: string }[]>(
      `INSERT INTO ${TABLE} ("user_id", "organisation_id", "event_id", "kind", "referral_id", "detail", "dedupe_key")
       VALUES ${rows.join(', ')}
       ON CONFLICT DO NOTHING RETURNING "id", "user_id"`,
      params,
    );
    return new Map(inserted.map((row) => [row.user_id, row.id]));
  }

  async listForUser(
    manager: EntityManager,
    userId: string,
    options: { unread: boolean; after: NotificationCursor | null; limit: number },
  ): Promise<{ items: NotificationView[]; next: NotificationCursor | null }> {
    const params: unknown[] = [userId, options.limit + 1];
    let where = `"user_id" = $1`;
    if (options.unread) {
      where += ` AND "read_at" IS NULL`;
    }
    if (options.after) {
      params.push(options.after.at, options.after.id);
      where += ` AND ("created_at", "id") < ($3::timestamptz, $4::uuid)`;
    }
    const rows = await manager.query<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM ${TABLE} WHERE ${where} ORDER BY "created_at" DESC, "id" DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    const next = rows.length > options.limit && last ? { at: last.cursor_at, id: last.id } : null;
    return { items: page.map(toNotificationView), next };
  }

  async unreadCount(manager: EntityManager, userId: string): Promise<number> {
    const [row] = await manager.query<{ count: string }[]>(
      `SELECT count(*) AS "count" FROM ${TABLE} WHERE "user_id" = $1 AND "read_at" IS NULL`,
      [userId],
    );
    return Number(row.count);
  }

  /** The notification after marking it read; null when it is not this user's. */
  async markRead(manager: EntityManager, userId: string, id: string): Promise<NotificationView | null> {
    const [row] = await updateReturning<NotificationRow>(
      manager,
      `UPDATE ${TABLE} SET "read_at" = coalesce("read_at", now())
        WHERE "id" = $1 AND "user_id" = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    return row ? toNotificationView(row) : null;
  }

  async markAllRead(manager: EntityManager, userId: string): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      manager,
      `UPDATE ${TABLE} SET "read_at" = now() WHERE "user_id" = $1 AND "read_at" IS NULL RETURNING "id"`,
      [userId],
    );
    return rows.length;
  }
}
