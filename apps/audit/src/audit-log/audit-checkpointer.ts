import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { CommonConfig } from '#config';
import { NATS_CONNECTION, PeriodicJob, SERVICE_CONFIG } from '#service-core';
import {
  auditAnchorLocation,
  ensureAnchorStream,
  publishCheckpoint,
  type AuditAnchorLocation,
} from './audit-anchor.js';
import { AUDIT_LOG_TABLE } from './audit-log.repository.js';

/** A commit is checkpointed within this long, and checkpoints are at most this often. */
export const AUDIT_CHECKPOINT_INTERVAL_MS = 1000;

/**
 * A pass even when this process committed nothing: a head moved by a replica that stopped before
 * its own checkpoint. Not a poll for this process's commits, which wake the checkpointer themselves.
 */
export const AUDIT_CHECKPOINT_BACKSTOP_MS = 60_000;

/**
 * Publishes the committed head of the audit chain to JetStream within a second of each commit on
 * the audit database (at most one checkpoint a second), once at start, once a minute in any case,
 * and once more at shutdown (see audit-anchor.ts). It reads the head from the database, so only
 * committed records are ever checkpointed; NATS or PostgreSQL being away only delays the next
 * checkpoint (a failed one is tried again a second later). An idle service does not poll: a query
 * each second woke the service and PostgreSQL each second, and on some virtual machines a wake-up
 * costs over a millisecond of CPU (docs/performance.md).
 */
@Injectable()
export class AuditCheckpointer
  implements EntitySubscriberInterface, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('AuditCheckpointer');
  private readonly location: AuditAnchorLocation;
  private readonly job: PeriodicJob;
  private readonly replicas: number;
  private published = 0n;
  private streamReady = false;
  private firstHash: string | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) config: CommonConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {
    this.location = auditAnchorLocation(config);
    this.replicas = config.eventsStreamReplicas;
    this.job = new PeriodicJob({
      name: 'AuditCheckpointer',
      intervalMs: AUDIT_CHECKPOINT_BACKSTOP_MS,
      firstDelayMs: 0,
      wakeGapMs: AUDIT_CHECKPOINT_INTERVAL_MS,
      run: () => this.publishHead(),
    });
    // TypeORM tells every subscriber of this data source about each commit (appends are always in
    // a transaction: the chain's lock is transaction-scoped).
    dataSource.subscribers.push(this);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.checkpoint();
  }

  /** TypeORM: a transaction on the audit database committed, so the head may have moved. */
  afterTransactionCommit(): void {
    // Within a second, at most one pass a second; nothing once stopped (shutdown checkpoints itself).
    this.job.wake();
  }

  /** Checkpoints the current head if it moved since the last one; one run at a time. */
  checkpoint(): Promise<void> {
    return this.job.runNow();
  }

  private async publishHead(): Promise<void> {
    try {
      const [head] = await this.dataSource.query<{ head: string; hash: string }[]>(
        // Ordered by the bigint column, not by a text alias of it ('9' > '77').
        `SELECT "seq"::text AS "head", "hash" FROM ${AUDIT_LOG_TABLE} ORDER BY "seq" DESC LIMIT 1`,
      );
      if (!head || BigInt(head.head) <= this.published) {
        return;
      }
      // The chain's first record never changes: read once.
      if (!this.firstHash) {
        const [first] = await this.dataSource.query<{ hash: string }[]>(
          `SELECT "hash" FROM ${AUDIT_LOG_TABLE} WHERE "seq" = 1`,
        );
        if (!first) {
          return;
        }
        this.firstHash = first.hash;
      }
      const jsm = await jetstreamManager(this.nats);
      if (!this.streamReady) {
        await ensureAnchorStream(jsm, this.location, this.replicas);
        this.streamReady = true;
      }
      await publishCheckpoint(jetstream(this.nats), jsm, this.location, {
        seq: head.head,
        hash: head.hash,
        firstHash: this.firstHash,
      });
      this.published = BigInt(head.head);
    } catch (error) {
      this.logger.warn(
        `audit checkpoint not published, retrying in a second (${error instanceof Error ? error.message : String(error)})`,
      );
      this.job.wake(); // during this pass: the next one a second after it started
    }
  }
}
