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
   * null when this event already has a delivery to this address (a redelivery, or the same address
   * twice). One statement: the delivery, its first log entry, and (for an e-mail due at once) the
   * NOTIFY, delivered at commit, that wakes the dispatchers to send it now rather than at their next
   * poll. A data-modifying WITH runs whether or not the SELECT reads it; nothing is logged or woken
   * when the delivery already exists.
   */
  async enqueue(manager: EntityManager, input: NewDelivery): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH queued AS (
         INSERT INTO ${TABLE} ("event_id", "kind", "recipient", "recipient_user_id", "language", "link", "detail",
                               "digest", "next_attempt_at", "correlation_id")
         VALUES ($1, $2, lower($3), $4, $5, $6, $7::jsonb, $8, coalesce($9::timestamptz, now()), $10)
         ON CONFLICT ("event_id", "recipient") DO NOTHING RETURNING "id"),
       logged AS (
         INSERT INTO ${LOG} ("delivery_id", "status", "attempt", "detail") SELECT "id", 'queued', 0, NULL FROM queued)
       SELECT "id", CASE WHEN NOT $8 AND $9::timestamptz IS NULL THEN pg_notify($11, '') END AS "woken" FROM queued`,
      [
        input.eventId,
        input.kind,
        input.recipient,
        input.recipientUserId,
        input.language,
        input.link,
        JSON.stringify(input.detail),
        input.digest,
        input.notBefore?.toISOString() ?? null,
        input.correlationId,
        EMAIL_QUEUED_CHANNEL,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Claims due deliveries for `leaseMs` (SKIP LOCKED: replicas never take the same row); a claim
   * that outlives a crashed dispatcher expires and the row is taken again.
   */
  async claimDue(
    dataSource: DataSource,
    options: { digest: boolean; limit: number; leaseMs: number },
  ): Promise<DeliveryRow[]> {
    return updateReturning<DeliveryRow>(
      dataSource.manager,
      `UPDATE ${TABLE} SET "claimed_until" = now() + make_interval(secs => $1::double precision / 1000)
        WHERE "id" IN (
          SELECT "id" FROM ${TABLE}
           WHERE "status" IN ('queued', 'retrying') AND "next_attempt_at" <= now() AND "digest" = $2
             AND ("claimed_until" IS NULL OR "claimed_until" < now())
           ORDER BY "recipient", "next_attempt_at" LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [options.leaseMs, options.digest, options.limit],
    );
  }

  async markSent(dataSource: DataSource, ids: string[], attempt: number, messageId: string): Promise<void> {
    await this.move(dataSource, { ids, status: 'sent', attempt, error: null, messageId });
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
