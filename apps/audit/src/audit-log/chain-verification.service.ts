import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import { AppError, type Actor, type AuditChainVerificationView, isPlatformAdmin } from '#contracts';
import { NATS_CONNECTION, SERVICE_CONFIG } from '#service-core';
import {
  auditAnchorLocation,
  readLatestCheckpoint,
  type AuditAnchorLocation,
  type AuditCheckpoint,
} from './audit-anchor.js';
import { AUDIT_CONFIG, type AuditConfig } from '../config.js';
import { AUDIT_LOG_TABLE, type AuditLogRow } from './audit-log.repository.js';
import { verifyAuditChain } from './chain-verifier.js';

/**
 * The chain's verification for the platform admin's screen: what `npm run audit:verify` does, inside
 * the service and read-only. The checkpoint outside the database is read first (it only names
 * committed records), then the whole chain is walked in one snapshot.
 */
@Injectable()
export class ChainVerificationService {
  private readonly location: AuditAnchorLocation;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_CONFIG) config: CommonConfig,
    @Inject(AUDIT_CONFIG) private readonly auditConfig: AuditConfig,
  ) {
    this.location = auditAnchorLocation(config);
  }

  async verify(actor: Actor | null): Promise<AuditChainVerificationView> {
    if (!isPlatformAdmin(actor)) {
      throw new AppError('AUTH.FORBIDDEN', 'Only a platform administrator may verify the audit log');
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const anchored = await this.latestCheckpoint((sql, params) => runner.query(sql, params));
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const verdict = await verifyAuditChain(
          (sql, params) => runner.query(sql, params) as Promise<AuditLogRow[]>,
          this.auditConfig.chainKey,
        );
        const checkedAt = new Date().toISOString();
        const checkpointNote = anchored.checkpoint ? null : anchored.note;
        if (!verdict.valid) {
          return {
            state: 'broken',
            checkedAt,
            records: '0',
            headHash: null,
            checkpoint: anchored.checkpoint
              ? { seq: anchored.checkpoint.seq, at: anchored.checkpoint.at, matches: false }
              : null,
            checkpointNote,
            broken: { seq: verdict.broken.seq, kind: verdict.broken.kind },
          };
        }
        const checkpoint = anchored.checkpoint;
        let broken: AuditChainVerificationView['broken'] = null;
        if (checkpoint) {
          if (BigInt(checkpoint.seq) > verdict.count) {
            broken = { seq: checkpoint.seq, kind: 'tail_missing' };
          } else {
            const rows = (await runner.query(`SELECT "hash" FROM ${AUDIT_LOG_TABLE} WHERE "seq" = $1`, [
              checkpoint.seq,
            ])) as { hash: string }[];
            if (rows[0]?.hash !== checkpoint.hash) {
              broken = { seq: checkpoint.seq, kind: 'checkpoint_mismatch' };
            }
          }
        }
        return {
          state: broken ? 'broken' : 'valid',
          checkedAt,
          records: verdict.count.toString(),
          headHash: broken ? null : verdict.headHash,
          checkpoint: checkpoint
            ? { seq: checkpoint.seq, at: checkpoint.at, matches: broken === null }
            : null,
          checkpointNote,
          broken,
        };
      } finally {
        await runner.query('COMMIT');
      }
    } finally {
      await runner.release();
    }
  }

  /** The newest checkpoint of this database's chain; NATS being away is reported, not fatal. */
  private async latestCheckpoint(
    query: (sql: string, params: unknown[]) => Promise<unknown>,
  ): Promise<{ checkpoint: AuditCheckpoint | null; note: 'none' | 'unavailable' }> {
    const rows = (await query(`SELECT "hash" FROM ${AUDIT_LOG_TABLE} WHERE "seq" = 1`, [])) as {
      hash: string;
    }[];
    if (rows.length === 0) {
      return { checkpoint: null, note: 'none' };
    }
    try {
      const latest = await readLatestCheckpoint(
        await jetstreamManager(this.nats),
        this.location,
        rows[0].hash,
      );
      return { checkpoint: latest?.checkpoint ?? null, note: 'none' };
    } catch {
      return { checkpoint: null, note: 'unavailable' };
    }
  }
}
