// What the stack's database and NATS say: outbox and consumer lag, what is still to be drained,
// committed transactions. Every query here is counted, so that the benchmark can take its own
// transactions out of the stack's.
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

export interface Lag {
  p50: number;
  p99: number;
  count: number;
}

export interface Backlog {
  unpublished: number;
  /** Pending + unacked per durable consumer of the events stream. */
  consumers: Record<string, number>;
  queuedEmails: number;
}

export class Observer {
  /** Queries run against the stack's database (each its own transaction). */
  queries = 0;
  private schemas: { outbox: string[]; inbox: string[] } = { outbox: [], inbox: [] };
  private nc: NatsConnection | null = null;
  private jsm: JetStreamManager | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly stream: string,
  ) {}

  static async open(databaseUrl: string, natsUrl: string | undefined): Promise<Observer> {
    const observer = new Observer(
      new pg.Pool({ connectionString: databaseUrl, max: 2 }),
      process.env.EVENTS_STREAM ?? 'MONI_EVENTS',
    );
    const tables = await observer.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN ('outbox', 'inbox')`,
    );
    for (const row of tables) {
      observer.schemas[row.table_name as 'outbox' | 'inbox'].push(row.table_schema);
    }
    if (natsUrl) {
      observer.nc = await connect({ servers: natsUrl });
      observer.jsm = await jetstreamManager(observer.nc);
    }
    return observer;
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.queries += 1;
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async now(): Promise<Date> {
    const [{ now }] = await this.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    return now;
  }

  private outboxes(): string {
    return this.schemas.outbox
      .map((schema) => `SELECT '${schema}' AS schema, id, created_at, published_at FROM "${schema}".outbox`)
      .join(' UNION ALL ');
  }

  /**
   * The same per service's outbox. created_at is the insert, not the commit: an event written early
   * in a long transaction (a consumer's batch) shows the rest of that transaction as lag.
   */
  async outboxLagByService(from: Date, to: Date): Promise<Record<string, Lag>> {
    const rows = await this.query<{ schema: string; p50: number; p99: number; count: string }>(
      `SELECT schema, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*) AS count
         FROM (SELECT schema, extract(epoch FROM published_at - created_at) * 1000 AS ms
                 FROM (${this.outboxes()}) o
                WHERE created_at BETWEEN $1 AND $2 AND published_at IS NOT NULL) l
        GROUP BY schema ORDER BY schema`,
      [from, to],
    );
    return Object.fromEntries(
      rows.map((row) => [
        row.schema,
        { p50: Number(row.p50), p99: Number(row.p99), count: Number(row.count) },
      ]),
    );
  }

  /** From commit to PubAck: published_at − created_at of the events written in the window. */
  async outboxLag(from: Date, to: Date): Promise<Lag> {
    const [row] = await this.query<{ p50: number; p99: number; count: string }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*) AS count
         FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms
                 FROM (${this.outboxes()}) o
                WHERE created_at BETWEEN $1 AND $2 AND published_at IS NOT NULL) l`,
      [from, to],
    );
    return { p50: Number(row.p50), p99: Number(row.p99), count: Number(row.count) };
  }

  /** From commit to the consumer's transaction: per durable consumer, for the events written in the window. */
  async consumerLag(from: Date, to: Date): Promise<Record<string, Lag>> {
    const inboxes = this.schemas.inbox
      .map((schema) => `SELECT consumer, event_id, processed_at FROM "${schema}".inbox`)
      .join(' UNION ALL ');
    const rows = await this.query<{ consumer: string; p50: number; p99: number; count: string }>(
      `SELECT i.consumer,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.created_at) * 1000) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.created_at) * 1000) AS p99,
              count(*) AS count
         FROM (${inboxes}) i JOIN (${this.outboxes()}) o ON o.id = i.event_id
        WHERE o.created_at BETWEEN $1 AND $2
        GROUP BY i.consumer ORDER BY i.consumer`,
      [from, to],
    );
    return Object.fromEntries(
      rows.map((row) => [
        row.consumer,
        { p50: Number(row.p50), p99: Number(row.p99), count: Number(row.count) },
      ]),
    );
  }

  async backlog(): Promise<Backlog> {
    const [{ unpublished }] = await this.query<{ unpublished: string }>(
      `SELECT count(*) AS unpublished FROM (${this.outboxes()}) o WHERE published_at IS NULL`,
    );
    const [{ queued }] = await this.query<{ queued: string }>(
      `SELECT count(*) AS queued FROM notifications.email_deliveries WHERE status IN ('queued', 'retrying') AND NOT digest`,
    );
    const consumers: Record<string, number> = {};
    if (this.jsm) {
      for await (const info of this.jsm.consumers.list(this.stream)) {
        if (info.config.durable_name) {
          consumers[info.name] = info.num_pending + info.num_ack_pending;
        }
      }
    }
    return { unpublished: Number(unpublished), consumers, queuedEmails: Number(queued) };
  }

  async xactCommit(database: string): Promise<number> {
    const [{ n }] = await this.query<{ n: string }>(
      'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1',
      [database],
    );
    return Number(n);
  }

  async close(): Promise<void> {
    await this.nc?.close();
    await this.pool.end();
  }
}

export interface Drain {
  /** Seconds after the end of the load until the audit log had every entry (null: not within the limit). */
  auditSeconds: number | null;
  /** Seconds until every e-mail was sent (digests wait for their hour and are left out). */
  emailSeconds: number | null;
  /** Seconds until every outbox and every durable consumer was empty. */
  allSeconds: number | null;
}

/** Polls the backlog until everything is drained or `limitSeconds` passed. */
export async function waitForDrain(observer: Observer, limitSeconds: number): Promise<Drain> {
  const started = performance.now();
  const drain: Drain = { auditSeconds: null, emailSeconds: null, allSeconds: null };
  while ((performance.now() - started) / 1000 < limitSeconds) {
    const backlog = await observer.backlog();
    const elapsed = (performance.now() - started) / 1000;
    const pending = (match: (name: string) => boolean) =>
      Object.entries(backlog.consumers)
        .filter(([name]) => match(name))
        .reduce((sum, [, n]) => sum + n, 0);
    if (
      drain.auditSeconds === null &&
      backlog.unpublished === 0 &&
      pending((name) => name.includes('audit')) === 0
    ) {
      drain.auditSeconds = elapsed;
    }
    if (
      drain.emailSeconds === null &&
      backlog.unpublished === 0 &&
      pending((name) => name.includes('notifications')) === 0 &&
      backlog.queuedEmails === 0
    ) {
      drain.emailSeconds = elapsed;
    }
    if (drain.allSeconds === null && backlog.unpublished === 0 && pending(() => true) === 0) {
      drain.allSeconds = elapsed;
    }
    if (drain.auditSeconds !== null && drain.emailSeconds !== null && drain.allSeconds !== null) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return drain;
}
