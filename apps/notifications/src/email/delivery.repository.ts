import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { EmailKind, NotificationLanguage } from '#contracts';
import { updateReturning } from '../sql.js';

const TABLE = '"notifications"."email_deliveries"';
/** NOTIFY channel of a newly queued e-mail that is due at once. */
export const EMAIL_QUEUED_CHANNEL = 'notifications_email_queued';
const LOG = '"notifications"."email_delivery_log"';

export type DeliveryStatus = 'queued' | 'retrying' | 'sent' | 'failed';

export interface DeliveryRow {
  id: string;
  event_id: string;
  kind: EmailKind;
  recipient: string;
  recipient_user_id: string | null;
  language: NotificationLanguage;
  link: string;
  detail: Record<string, string | null>;
  digest: boolean;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  message_id: string | null;
  correlation_id: string | null;
  sent_at: Date | null;
}

export interface NewDelivery {
  eventId: string;
  kind: EmailKind;
  recipient: string;
  recipientUserId: string | null;
  language: NotificationLanguage;
  link: string;
  detail: Record<string, string | null>;
  digest: boolean;
  notBefore: Date | null;
  correlationId: string;
}

export interface DeliveryLogEntry {
  status: DeliveryStatus;
  attempt: number;
  detail: string | null;
  at: Date;
}

/** The e-mail delivery table and its log: every state a delivery passes through is logged. */
@Injectable()
export class DeliveryRepository {
  /**
   * Queues deliveries in one statement: each with its first log entry, and (for an e-mail due at
   * once) the NOTIFY, delivered at commit, that wakes the dispatchers to send it now rather than at
   * their next poll. A delivery this event already has for the address (a redelivery, or the same
   * address twice) is skipped: nothing is logged or woken for it. Returns the new deliveries' ids by
   * recipient (lower-cased, as stored).
   */
  async enqueueAll(manager: EntityManager, inputs: NewDelivery[]): Promise<Map<string, string>> {
    if (inputs.length === 0) {
      return new Map();
    }
    const column = <T>(pick: (input: NewDelivery) => T) => inputs.map(pick);
    const rows = await manager.query<{ id: string; recipient: string }[]>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[],
                              $8::boolean[], $9::timestamptz[], $10::text[])
           AS i("event_id", "kind", "recipient", "recipient_user_id", "language", "link", "detail", "digest",
                "not_before", "correlation_id")),
       queued AS (
         INSERT INTO ${TABLE} ("event_id", "kind", "recipient", "recipient_user_id", "language", "link", "detail",
                               "digest", "next_attempt_at", "correlation_id")
         SELECT "event_id", "kind", lower("recipient"), "recipient_user_id", "language", "link", "detail", "digest",
                coalesce("not_before", now()), "correlation_id" FROM input
         ON CONFLICT ("event_id", "recipient") DO NOTHING
         RETURNING "id", "recipient", NOT "digest" AND "next_attempt_at" <= now() AS "due_now"),
       logged AS (
         INSERT INTO ${LOG} ("delivery_id", "status", "attempt", "detail") SELECT "id", 'queued', 0, NULL FROM queued)
       SELECT "id", "recipient", CASE WHEN "due_now" THEN pg_notify($11, '') END AS "woken" FROM queued`,
      [
        column((input) => input.eventId),
        column((input) => input.kind),
        column((input) => input.recipient),
        column((input) => input.recipientUserId),
        column((input) => input.language),
        column((input) => input.link),
        column((input) => JSON.stringify(input.detail)),
        column((input) => input.digest),
        column((input) => input.notBefore?.toISOString() ?? null),
        column((input) => input.correlationId),
        EMAIL_QUEUED_CHANNEL,
      ],
    );
    return new Map(rows.map((row) => [row.recipient, row.id]));
  }

  /** One delivery (see enqueueAll): its id, or null when this event already has one to the address. */
  async enqueue(manager: EntityManager, input: NewDelivery): Promise<string | null> {
    const queued = await this.enqueueAll(manager, [input]);
    return queued.get(input.recipient.toLowerCase()) ?? null;
  }

  /**
   * Claims due deliveries for `leaseMs` (SKIP LOCKED: replicas never take the same row), up to
   * `limit` single e-mails and `digestLimit` digest entries, in one statement; a claim that outlives
   * a crashed dispatcher expires and the row is taken again.
   */
  async claimDue(
    dataSource: DataSource,
    options: { limit: number; digestLimit: number; leaseMs: number },
  ): Promise<DeliveryRow[]> {
    return updateReturning<DeliveryRow>(
      dataSource.manager,
      `WITH single AS (
         SELECT "id" FROM ${TABLE}
          WHERE "status" IN ('queued', 'retrying') AND "next_attempt_at" <= now() AND NOT "digest"
            AND ("claimed_until" IS NULL OR "claimed_until" < now())
          ORDER BY "recipient", "next_attempt_at" LIMIT $2
          FOR UPDATE SKIP LOCKED),
       digest AS (
         SELECT "id" FROM ${TABLE}
          WHERE "status" IN ('queued', 'retrying') AND "next_attempt_at" <= now() AND "digest"
            AND ("claimed_until" IS NULL OR "claimed_until" < now())
          ORDER BY "recipient", "next_attempt_at" LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE ${TABLE} SET "claimed_until" = now() + make_interval(secs => $1::double precision / 1000)
        WHERE "id" IN (SELECT "id" FROM single UNION ALL SELECT "id" FROM digest)
        RETURNING *`,
      [options.leaseMs, options.limit, options.digestLimit],
    );
  }

  /**
   * E-mails the SMTP server took, marked sent with their log entries in one statement: each
   * delivery with its attempt and Message-ID (a digest's entries share theirs).
   */
  async markAllSent(
    dataSource: DataSource,
    sent: { id: string; attempt: number; messageId: string }[],
  ): Promise<void> {
    if (sent.length === 0) {
      return;
    }
    await dataSource.query(
      `WITH sent AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[]) AS s("id", "attempt", "message_id")),
       moved AS (
         UPDATE ${TABLE} d SET "status" = 'sent', "attempts" = s."attempt", "last_error" = NULL, "updated_at" = now(),
                "claimed_until" = NULL, "sent_at" = now(), "message_id" = s."message_id"
           FROM sent s WHERE d."id" = s."id" RETURNING d."id", s."attempt")
       INSERT INTO ${LOG} ("delivery_id", "status", "attempt", "detail") SELECT "id", 'sent', "attempt", NULL FROM moved`,
      [sent.map((row) => row.id), sent.map((row) => row.attempt), sent.map((row) => row.messageId)],
    );
  }

  async markRetrying(
    dataSource: DataSource,
    ids: string[],
    attempt: number,
    nextAttemptAt: Date,
    error: string,
  ): Promise<void> {
    await this.move(dataSource, { ids, status: 'retrying', attempt, error, nextAttemptAt });
  }

  async markFailed(dataSource: DataSource, ids: string[], attempt: number, error: string): Promise<void> {
    await this.move(dataSource, { ids, status: 'failed', attempt, error });
  }

  async findByEvent(manager: EntityManager, eventId: string): Promise<DeliveryRow[]> {
    return manager.query<DeliveryRow[]>(`SELECT * FROM ${TABLE} WHERE "event_id" = $1 ORDER BY "recipient"`, [
      eventId,
    ]);
  }

  async logOf(manager: EntityManager, deliveryId: string): Promise<DeliveryLogEntry[]> {
    return manager.query<DeliveryLogEntry[]>(
      `SELECT "status", "attempt", "detail", "at" FROM ${LOG} WHERE "delivery_id" = $1 ORDER BY "at", "id"`,
      [deliveryId],
    );
  }

  /**
   * A delivery's next state after an attempt and its log entry, in one statement (atomic on its own:
   * one round trip instead of a transaction of four). The error is kept as the last one (none once
   * sent); a sent e-mail keeps its Message-ID, a retry its next time.
   */
  private async move(
    dataSource: DataSource,
    change: {
      ids: string[];
      status: Exclude<DeliveryStatus, 'queued'>;
      attempt: number;
      error: string | null;
      messageId?: string;
      nextAttemptAt?: Date;
    },
  ): Promise<void> {
    await dataSource.query(
      `WITH moved AS (
         UPDATE ${TABLE} SET "status" = $2::text, "attempts" = $3::int, "last_error" = $4::text,
                "updated_at" = now(), "claimed_until" = NULL,
                "sent_at" = CASE WHEN $2::text = 'sent' THEN now() ELSE "sent_at" END,
                "message_id" = coalesce($5::text, "message_id"),
                "next_attempt_at" = coalesce($6::timestamptz, "next_attempt_at")
          WHERE "id" = ANY($1::uuid[]) RETURNING "id")
       INSERT INTO ${LOG} ("delivery_id", "status", "attempt", "detail") SELECT "id", $2::text, $3::int, $4::text FROM moved`,
      [
        change.ids,
        change.status,
        change.attempt,
        change.error,
        change.messageId ?? null,
        change.nextAttemptAt?.toISOString() ?? null,
      ],
    );
  }
}
