import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import type pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Envelope } from '#contracts';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { toHeaderValue } from './headers.js';
import { describeError, noopLogger, type MessagingLogger } from './logger.js';
import type { MessagingMetrics } from './metrics.js';
import { InboxEntity, OutboxEventEntity } from './outbox.entity.js';
import { Pause } from './pause.js';
import { outboxChannel, quoteIdent, schemaOf, tableOf } from './sql.js';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Connect with `maxReconnectAttempts: -1` so the connection outlives a NATS outage. */
  nc: NatsConnection;
  /** Rows claimed per transaction (default 100). */
  batchSize?: number;
  /** Polling interval when idle and not listening (LISTEN off or its connection lost; default 1000). */
  pollIntervalMs?: number;
  /**
   * Polling interval when idle while LISTEN is up (default 30000): every commit that writes an event
   * NOTIFYs the relay, and a lost LISTEN connection wakes it at once, so this poll is only a
   * safety net, not a clock to run on.
   */
  listeningPollIntervalMs?: number;
  /** How long to wait for one PubAck (default 5000). */
  publishTimeoutMs?: number;
  /** Back-off while NATS is unreachable (default 500 ms doubling to 30 s). */
  backoff?: BackoffOptions;
  /** LISTEN for the outbox channel to publish right after commit (default true). */
  listen?: boolean;
  name?: string;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: Envelope<unknown>;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first. Safe to run in every replica:
 * rows are claimed with FOR UPDATE SKIP LOCKED, marked published only after the PubAck, and
 * a re-publish after a crash carries the same Nats-Msg-Id, which JetStream drops.
 */
export class OutboxRelay {
  /** Totals since start, for tests and health pages. */
  readonly stats = { published: 0, duplicates: 0, failedRounds: 0 };

  private readonly js: JetStreamClient;
  private readonly pause = new Pause();
  private readonly logger: MessagingLogger;
  private readonly batchSize: number;
  private readonly backoff: BackoffOptions;
  private running = false;
  private loop: Promise<void> | null = null;
  private listener: { queryRunner: QueryRunner; client: pg.PoolClient } | null = null;

  constructor(private readonly options: OutboxRelayOptions) {
    this.js = jetstream(options.nc);
    this.logger = options.logger ?? noopLogger;
    this.batchSize = options.batchSize ?? 100;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000, jitter: 0.2 };
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.pause.resume();
    this.loop = this.run();
  }

  /** Lets the batch in flight finish (its transaction commits), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.pause.cancel();
    await this.loop;
    this.loop = null;
    await this.unlisten();
  }

  /** Publishes one batch now; returns how many rows it published. Throws if publishing failed. */
  async publishBatch(): Promise<number> {
    const table = tableOf(this.options.dataSource, OutboxEventEntity);
    let failure: unknown = null;
    const published = await this.options.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: another replica's claimed rows are skipped, not waited for or published twice.
      const rows = await manager.query<OutboxRow[]>(
        `SELECT id, subject, payload FROM ${table}
          WHERE published_at IS NULL
          ORDER BY created_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const done: string[] = [];
      for (const row of rows) {
        try {
          await this.publish(row);
          done.push(row.id);
        } catch (error) {
          // Stop at the first failure: the rest would fail the same way and keep their order.
          failure = error;
          await manager.query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
            row.id,
            describeError(error),
          ]);
          break;
        }
      }
      if (done.length > 0) {
        await manager.query(
          `UPDATE ${table} SET published_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = ANY($1::uuid[])`,
          [done],
        );
      }
      return done.length;
    });
    this.stats.published += published;
    this.options.metrics?.outboxPublished.inc(published);
    if (failure !== null) {
      throw failure instanceof Error ? failure : new Error(describeError(failure));
    }
    return published;
  }

  private async publish(row: OutboxRow): Promise<void> {
    const h = headers();
    h.set('Moni-Event-Type', toHeaderValue(row.payload.type));
    h.set('Moni-Correlation-Id', toHeaderValue(row.payload.correlationId));
    const ack = await this.js.publish(row.subject, JSON.stringify(row.payload), {
      msgID: row.id,
      headers: h,
      timeout: this.options.publishTimeoutMs ?? 5_000,
    });
    if (ack.duplicate) {
      // Published before a crash (or by a replica) but not marked: JetStream kept the first copy.
      this.stats.duplicates += 1;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.listen();
        const published = await this.publishBatch();
        if (failures > 0) {
          this.logger.log(`outbox relay${this.label()} resumed publishing after ${failures} failed attempts`);
          failures = 0;
        }
        if (published < this.batchSize) {
          const idleMs = this.listener
            ? (this.options.listeningPollIntervalMs ?? 30_000)
            : (this.options.pollIntervalMs ?? 1_000);
          await this.pause.wait(idleMs, { interruptible: true });
        }
      } catch (error) {
        failures += 1;
        this.stats.failedRounds += 1;
        this.options.metrics?.outboxPublishFailures.inc();
        const delay = backoffDelay(failures, this.backoff);
        this.logger.warn(
          `outbox relay${this.label()} cannot publish (${describeError(error)}); waiting ${delay} ms before retrying`,
          { failures, delayMs: delay },
        );
        await this.pause.wait(delay, { interruptible: false });
      }
    }
  }

  // LISTEN on a connection of its own; if it breaks we fall back to polling and re-listen later.
  private async listen(): Promise<void> {
    if (this.listener || this.options.listen === false) {
      return;
    }
    const queryRunner = this.options.dataSource.createQueryRunner();
    try {
      const client = (await queryRunner.connect()) as pg.PoolClient;
      const channel = outboxChannel(schemaOf(this.options.dataSource, OutboxEventEntity));
      client.on('notification', (n) => {
        if (n.channel === channel) {
          this.pause.notify();
        }
      });
      const lost = (reason: string) => {
        if (this.listener?.client !== client) {
          return;
        }
        this.logger.warn(`outbox relay${this.label()} lost its LISTEN connection (${reason})`);
        this.listener = null;
        client.removeAllListeners('notification');
        void queryRunner.release().catch(() => undefined);
        // Wake the loop: it re-listens and polls now instead of sleeping through a missed NOTIFY.
        this.pause.notify();
      };
      client.on('error', (error) => lost(describeError(error)));
      client.on('end', () => lost('connection ended'));
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      this.listener = { queryRunner, client };
    } catch (error) {
      await queryRunner.release().catch(() => undefined);
      throw error;
    }
  }

  private async unlisten(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    if (!listener) {
      return;
    }
    try {
      await listener.client.query('UNLISTEN *');
    } catch {
      // The connection is gone already; releasing it is all that is left.
    }
    listener.client.removeAllListeners('notification');
    await listener.queryRunner.release();
  }

  private label(): string {
    return this.options.name ? ` ${this.options.name}` : '';
  }
}

/** Deletes published rows older than `before`; run it from a daily job. Returns how many. */
export async function purgePublishedOutbox(dataSource: DataSource, before: Date): Promise<number> {
  const table = tableOf(dataSource, OutboxEventEntity);
  const [, count] = await dataSource.query<[unknown, number]>(
    `DELETE FROM ${table} WHERE published_at IS NOT NULL AND published_at < $1`,
    [before],
  );
  return count;
}

/** Deletes inbox rows (processed event ids) older than `before`; redeliveries come long before that. */
export async function purgeProcessedInbox(dataSource: DataSource, before: Date): Promise<number> {
  const table = tableOf(dataSource, InboxEntity);
  const [, count] = await dataSource.query<[unknown, number]>(
    `DELETE FROM ${table} WHERE processed_at < $1`,
    [before],
  );
  return count;
}
