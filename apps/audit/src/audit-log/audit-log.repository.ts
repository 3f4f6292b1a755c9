import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntryView, DisclosureView, Role } from '#contracts';
import { AUDIT_CONFIG, type AuditConfig } from '../config.js';
import { chainHash, GENESIS_HASH, type ChainRecord } from './audit-chain.js';

export const AUDIT_LOG_TABLE = '"audit"."audit_log"';

// One chain per database: every append takes this transaction-scoped lock before it reads the head,
// so appends from any number of replicas and consumers are serialised into one valid chain.
const CHAIN_LOCK_KEY = 7_364_152_001;

/** An entry to append: the chain position, hashes and recording time are added by `append`. */
export type NewAuditEntry = Omit<ChainRecord, 'seq' | 'prevHash' | 'recordedAt'>;

/** The last entry of the chain: the next one's seq follows it and its hash is the next one's prevHash. */
interface ChainHead {
  seq: string;
  hash: string;
}

export interface AuditLogRow {
  seq: string;
  id: string;
  action: string;
  outcome: 'granted' | 'refused';
  actor_user_id: string | null;
  actor_role: string | null;
  organisation_id: string | null;
  target_type: string;
  target_id: string | null;
  client_id: string | null;
  consent_id: string | null;
  recipient_organisation_id: string | null;
  correlation_id: string;
  source_service: string | null;
  detail: ChainRecord['detail'];
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

export const AUDIT_LOG_COLUMNS = `"seq", "id", "action", "outcome", "actor_user_id", "actor_role", "organisation_id",
  "target_type", "target_id", "client_id", "consent_id", "recipient_organisation_id", "correlation_id",
  "source_service", "detail", "occurred_at", "recorded_at", "prev_hash", "hash"`;

/** A stored row as the record its hash was computed over (timestamps back to the same ISO text). */
export function chainRecordOf(row: AuditLogRow): ChainRecord & { hash: string } {
  return {
    seq: String(row.seq),
    id: row.id,
    action: row.action,
    outcome: row.outcome,
    actorUserId: row.actor_user_id,
    actorRole: row.actor_role,
    organisationId: row.organisation_id,
    targetType: row.target_type,
    targetId: row.target_id,
    clientId: row.client_id,
    consentId: row.consent_id,
    recipientOrganisationId: row.recipient_organisation_id,
    correlationId: row.correlation_id,
    sourceService: row.source_service,
    detail: row.detail,
    occurredAt: new Date(row.occurred_at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function toAuditEntryView(row: AuditLogRow): AuditEntryView {
  const record = chainRecordOf(row);
  return { ...record, actorRole: record.actorRole as Role | null };
}

export function toDisclosureView(row: AuditLogRow): DisclosureView {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    action: row.action,
    recipientOrganisationId: row.recipient_organisation_id ?? '',
    consentId: row.consent_id,
    actorUserId: row.actor_user_id,
    actorRole: row.actor_role as Role | null,
    targetType: row.target_type,
    targetId: row.target_id,
  };
}

export interface AuditSearchFilter {
  clientId?: string;
  userId?: string;
  organisationId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Only entries older (smaller seq) than this one. */
  beforeSeq?: string;
  limit: number;
}

/** The audit log's queries. Append-only: there is no update or delete here, and the database refuses both. */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(AUDIT_CONFIG) private readonly config: AuditConfig) {}

  /**
   * The head of the chain as each transaction that appends knows it: read once under the chain's
   * lock, then advanced by every entry the transaction appends (it holds the lock until it ends).
   * A consumer's batch of entries thus takes the lock and reads the head once, not once per entry.
   * Keyed by the transaction's manager, so it is gone with the transaction.
   */
  private readonly headInTransaction = new WeakMap<EntityManager, ChainHead>();

  /** Appends one entry at the head of the chain, in the caller's transaction. Idempotent by id. */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<{ id: string; seq: string }> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'an audit entry is appended inside a transaction (the chain lock is transaction-scoped)',
      );
    }
    const head = await this.lockedHead(manager);
    const record: ChainRecord = {
      ...entry,
      seq: (BigInt(head.seq) + 1n).toString(),
      // Millisecond precision, so that the stored timestamp reads back as exactly the hashed text.
      recordedAt: new Date().toISOString(),
      prevHash: head.hash,
    };
    const hash = chainHash(record, this.config.chainKey);
    // An entry already stored (a redelivery, a retried request) inserts nothing and leaves the head.
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO ${AUDIT_LOG_TABLE} (${AUDIT_LOG_COLUMNS})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        ON CONFLICT ("id") DO NOTHING
        RETURNING 1`,
      [
        record.seq,
        record.id,
        record.action,
        record.outcome,
        record.actorUserId,
        record.actorRole,
        record.organisationId,
        record.targetType,
        record.targetId,
        record.clientId,
        record.consentId,
        record.recipientOrganisationId,
        record.correlationId,
        record.sourceService,
        record.detail === null ? null : JSON.stringify(record.detail),
        record.occurredAt,
        record.recordedAt,
        record.prevHash,
        hash,
      ],
    );
    if (inserted.length === 0) {
      const [existing] = await manager.query<{ seq: string }[]>(
        `SELECT "seq" FROM ${AUDIT_LOG_TABLE} WHERE "id" = $1`,
        [entry.id],
      );
      return { id: entry.id, seq: String(existing.seq) };
    }
    this.headInTransaction.set(manager, { seq: record.seq, hash });
    return { id: record.id, seq: record.seq };
  }

  /** The chain's head, read after taking the chain's lock the first time this transaction appends. */
  private async lockedHead(manager: EntityManager): Promise<ChainHead> {
    const known = this.headInTransaction.get(manager);
    if (known) {
      return known;
    }
    // Its own statement: a statement's snapshot is taken when it starts, so a head read in the same
    // statement as the lock could miss an append committed while it waited for the lock.
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    const [row] = await manager.query<{ seq: string; hash: string }[]>(
      `SELECT "seq", "hash" FROM ${AUDIT_LOG_TABLE} ORDER BY "seq" DESC LIMIT 1`,
    );
    const head = row ? { seq: String(row.seq), hash: row.hash } : { seq: '0', hash: GENESIS_HASH };
    this.headInTransaction.set(manager, head);
    return head;
  }

  /** Newest first; keyset pagination on seq. */
  async search(manager: EntityManager, filter: AuditSearchFilter): Promise<AuditLogRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (column: string, operator: string, value: unknown) => {
      params.push(value);
      conditions.push(`"${column}" ${operator} $${params.length}`);
    };
    if (filter.clientId !== undefined) {
      where('client_id', '=', filter.clientId);
    }
    if (filter.userId !== undefined) {
      where('actor_user_id', '=', filter.userId);
    }
    if (filter.organisationId !== undefined) {
      where('organisation_id', '=', filter.organisationId);
    }
    if (filter.action !== undefined) {
      where('action', '=', filter.action);
    }
    if (filter.targetType !== undefined) {
      where('target_type', '=', filter.targetType);
    }
    if (filter.targetId !== undefined) {
      where('target_id', '=', filter.targetId);
    }
    if (filter.from !== undefined) {
      where('occurred_at', '>=', filter.from);
    }
    if (filter.to !== undefined) {
      where('occurred_at', '<', filter.to);
    }
    if (filter.beforeSeq !== undefined) {
      where('seq', '<', filter.beforeSeq);
    }
    params.push(filter.limit);
    return manager.query<AuditLogRow[]>(
      `SELECT ${AUDIT_LOG_COLUMNS} FROM ${AUDIT_LOG_TABLE}
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY "seq" DESC LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * The organisations the clients service recorded registering this client for (one, normally;
   * none until its entry has come through the clients service's outbox).
   */
  async clientRegistrants(manager: EntityManager, clientId: string): Promise<string[]> {
    const rows = await manager.query<{ organisation_id: string }[]>(
      `SELECT DISTINCT "organisation_id" FROM ${AUDIT_LOG_TABLE}
        WHERE "client_id" = $1 AND "action" = 'client.created' AND "outcome" = 'granted'
          AND "source_service" = 'clients' AND "organisation_id" IS NOT NULL`,
      [clientId],
    );
    return rows.map((row) => row.organisation_id);
  }

  /**
   * What was disclosed of one client: granted entries naming a recipient organisation other than the
   * client's own (its advisors' work is processing, not disclosure), oldest first.
   */
  async findDisclosures(
    manager: EntityManager,
    clientId: string,
    ownOrganisationId: string,
  ): Promise<AuditLogRow[]> {
    return manager.query<AuditLogRow[]>(
      `SELECT ${AUDIT_LOG_COLUMNS} FROM ${AUDIT_LOG_TABLE}
        WHERE "client_id" = $1 AND "outcome" = 'granted'
          AND "recipient_organisation_id" IS NOT NULL AND "recipient_organisation_id" <> $2
        ORDER BY "seq" ASC LIMIT 10000`,
      [clientId, ownOrganisationId],
    );
  }
}
