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
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import { NATS_CONNECTION, PeriodicJob, SERVICE_CONFIG } from '#service-core';
import {
  auditAnchorLocation,
  ensureAnchorStream,
  publishCheckpoint,
  type AuditAnchorLocation,
} from './audit-anchor.js';
import { AUDIT_LOG_TABLE } from './audit-log.repository.js';

/** How often the head of the chain is checkpointed outside the database (only when it moved). */
export const AUDIT_CHECKPOINT_INTERVAL_MS = 1000;

/**
 * Publishes the committed head of the audit chain to JetStream every second when it moved, and once
 * more at shutdown (see audit-anchor.ts). It reads the head from the database, so only committed
 * records are ever checkpointed; NATS or PostgreSQL being away only delays the next checkpoint.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
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
      intervalMs: AUDIT_CHECKPOINT_INTERVAL_MS,
      run: () => this.publishHead(),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.checkpoint();
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
        `audit checkpoint not published, retrying on the next tick (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
}
