import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { CommonConfig } from '#config';
import { AppError, SYSTEM_ACTOR, type ErrorBody } from '#contracts';
import { isEnvelope, quoteIdent } from '#messaging';
import { SERVICE_CONFIG } from './outbox.js';

export const IDEMPOTENCY_MIGRATION_NAME = 'IdempotencyKeys1769900000000';

/** What a client may choose as a key (the gateway checks the same before it forwards one). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export interface IdempotencyOptions {
  /** How long an outcome is replayed (and its row kept): 24 h. */
  ttlMs: number;
  /** How often a replica deletes expired rows. */
  cleanupIntervalMs: number;
  /** How long a duplicate waits for the first request with its key to finish before a 409. */
  waitMs: number;
  /** A claim with no outcome after this long was abandoned (the replica died): it can be taken over. */
  abandonedAfterMs: number;
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

export function idempotencyOptions(config: CommonConfig, overrides: Partial<IdempotencyOptions> = {}) {
  return {
    ttlMs: 24 * 60 * 60 * 1000,
    cleanupIntervalMs: 60 * 60 * 1000,
    // The caller stops waiting at its request timeout; waiting longer helps nobody.
    waitMs: Math.max(100, config.natsRequestTimeoutMs - 500),
    abandonedAfterMs: Math.max(60_000, config.natsRequestTimeoutMs * 4),
    ...overrides,
  } satisfies IdempotencyOptions;
}

const table = (schema: string) => `${quoteIdent(schema)}."idempotency_keys"`;

/**
 * The table of idempotency keys in a service's schema. ServiceCoreModule adds it to every service,
 * like the outbox and inbox tables.
 */
export function createIdempotencyMigration(schema: string): new () => MigrationInterface {
  const t = table(schema);
  return class IdempotencyKeys1769900000000 implements MigrationInterface {
    name = IDEMPOTENCY_MIGRATION_NAME;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${t} (
          "subject" text NOT NULL,
          "user_id" text NOT NULL,
          "key" text NOT NULL,
          "request_hash" text NOT NULL,
          "reply" jsonb,
          "error" jsonb,
          "created_at" timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("subject", "user_id", "key"),
          CONSTRAINT "idempotency_keys_one_outcome_chk" CHECK ("reply" IS NULL OR "error" IS NULL)
        )`,
      );
      await queryRunner.query(`CREATE INDEX "idempotency_keys_created_at_idx" ON ${t} ("created_at")`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${t}`);
    }
  };
}

/** JSON with the keys of every object sorted, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return item;
  });
}

export function requestHash(data: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(data ?? null))
    .digest('hex');
}

/** Outcomes that would not change on a retry; anything else (an outage, a bug) releases the key. */
function isFinal(error: unknown): error is AppError {
  return error instanceof AppError && error.code !== 'SERVICE.UNAVAILABLE' && error.code !== 'INTERNAL.ERROR';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface IdempotentRequest {
  subject: string;
  userId: string;
  key: string;
  hash: string;
}

interface StoredRow {
  request_hash: string;
  pending: boolean;
  reply: unknown;
  error: ErrorBody | null;
}

/** The claim, the outcome and the replay of one key, in the service's `idempotency_keys` table. */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly table: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: CommonConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {
    this.table = table(config.serviceName);
  }

  /**
   * Runs `handler` at most once per (subject, user, key) within the TTL: the first request claims
   * the key (one INSERT ... ON CONFLICT, atomic across replicas), runs, and stores its outcome; a
   * duplicate gets the stored outcome, waits while the first still runs, or gets 409.
   */
  async run(request: IdempotentRequest, handler: () => Promise<unknown>): Promise<unknown> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      if (await this.claim(request)) {
        return this.execute(request, handler);
      }
      const row = await this.find(request);
      if (!row) {
        continue; // released or expired in between: claim again
      }
      if (row.request_hash !== request.hash) {
        throw new AppError(
          'RESOURCE.CONFLICT',
          'The idempotency key was already used for a different request',
          {
            reason: 'IDEMPOTENCY_KEY_REUSED',
            header: 'Idempotency-Key',
          },
        );
      }
      if (!row.pending) {
        if (row.error) {
          throw (
            AppError.fromBody(row.error) ?? new AppError('RESOURCE.CONFLICT', 'The request already failed')
          );
        }
        return row.reply;
      }
      if (Date.now() >= deadline) {
        throw new AppError('RESOURCE.CONFLICT', 'A request with this idempotency key is still in progress', {
          reason: 'IDEMPOTENCY_KEY_IN_PROGRESS',
          header: 'Idempotency-Key',
        });
      }
      await sleep(50);
    }
  }

  /** Deletes the rows older than the TTL (safe in every replica at once: a DELETE is idempotent). */
  async deleteExpired(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${this.table} WHERE "created_at" < now() - make_interval(secs => $1)`,
      [this.options.ttlMs / 1000],
    );
    return count;
  }

  /**
   * Stored replies hold what the command answered (for a client: personal data) for up to the TTL.
   * An erasure calls this in its transaction with the erased record's id, so no replay keeps it.
   */
  async forgetRepliesMentioning(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM ${this.table} WHERE position($1 in "reply"::text) > 0`, [id]);
  }

  /** True when this request now owns the key: a new row, or an expired or abandoned one taken over. */
  private async claim({ subject, userId, key, hash }: IdempotentRequest): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO ${this.table} AS k ("subject", "user_id", "key", "request_hash")
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ("subject", "user_id", "key") DO UPDATE
         SET "request_hash" = EXCLUDED."request_hash", "reply" = NULL, "error" = NULL, "created_at" = now()
         WHERE k."created_at" < now() - make_interval(secs => $5)
            OR (k."reply" IS NULL AND k."error" IS NULL AND k."created_at" < now() - make_interval(secs => $6))
       RETURNING 1 AS "claimed"`,
      [subject, userId, key, hash, this.options.ttlMs / 1000, this.options.abandonedAfterMs / 1000],
    );
    return rows.length > 0;
  }

  private async find({ subject, userId, key }: IdempotentRequest): Promise<StoredRow | null> {
    const rows = await this.dataSource.query<StoredRow[]>(
      `SELECT "request_hash", ("reply" IS NULL AND "error" IS NULL) AS "pending", "reply", "error"
         FROM ${this.table}
        WHERE "subject" = $1 AND "user_id" = $2 AND "key" = $3
          AND "created_at" >= now() - make_interval(secs => $4)`,
      [subject, userId, key, this.options.ttlMs / 1000],
    );
    return rows[0] ?? null;
  }

  private async execute(request: IdempotentRequest, handler: () => Promise<unknown>): Promise<unknown> {
    let reply: unknown;
    try {
      reply = await handler();
    } catch (error) {
      if (isFinal(error)) {
        await this.store(request, 'error', error.toBody());
      } else {
        await this.release(request);
      }
      throw error;
    }
    // What goes back over NATS is JSON anyway, so the replay is the same reply.
    await this.store(request, 'reply', reply === undefined ? null : JSON.parse(JSON.stringify(reply)));
    return reply;
  }

  private async store(request: IdempotentRequest, column: 'reply' | 'error', value: unknown): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE ${this.table} SET "${column}" = $4::jsonb
          WHERE "subject" = $1 AND "user_id" = $2 AND "key" = $3 AND "request_hash" = $5`,
        [request.subject, request.userId, request.key, JSON.stringify(value), request.hash],
      );
    } catch (err) {
      // The request itself is done: answer it. The claim stays pending until it counts as abandoned.
      this.logger.warn(
        { err, subject: request.subject },
        'could not store the outcome of an idempotent request',
      );
    }
  }

  private async release(request: IdempotentRequest): Promise<void> {
    await this.dataSource
      .query(
        `DELETE FROM ${this.table}
          WHERE "subject" = $1 AND "user_id" = $2 AND "key" = $3 AND "reply" IS NULL AND "error" IS NULL`,
        [request.subject, request.userId, request.key],
      )
      .catch((err: unknown) => {
        this.logger.warn({ err, subject: request.subject }, 'could not release an idempotency key');
      });
  }
}

function subjectOf(context: ExecutionContext, fallback: string): string {
  const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
  const pattern = Array.isArray(patterns) ? (patterns[0] as unknown) : patterns;
  return typeof pattern === 'string' ? pattern : fallback;
}

/**
 * Global for the @MessagePattern handlers of a service: a request whose envelope carries an
 * idempotency key runs once per (subject, user, key); a retry gets the stored reply or error.
 * Requests without a key, and HTTP routes of the ops port, pass through untouched.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') {
      return next.handle();
    }
    const envelope: unknown = context.switchToRpc().getData();
    if (!isEnvelope(envelope) || envelope.idempotencyKey === undefined) {
      return next.handle();
    }
    const key: unknown = envelope.idempotencyKey;
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
        { field: 'idempotencyKey', reasons: ['must be 8 to 128 characters of A-Z a-z 0-9 . _ : -'] },
      ]);
    }
    const request: IdempotentRequest = {
      subject: subjectOf(context, envelope.type),
      userId: envelope.actor?.userId ?? SYSTEM_ACTOR.userId,
      key,
      hash: requestHash(envelope.data),
    };
    return defer(() =>
      this.store.run(request, () => lastValueFrom(next.handle(), { defaultValue: undefined })),
    );
  }
}

/** Deletes expired keys on a timer in every replica (each DELETE is safe to run concurrently). */
@Injectable()
export class IdempotencyCleanup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IdempotencyCleanup.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.cleanupIntervalMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  async sweep(): Promise<void> {
    try {
      const deleted = await this.store.deleteExpired();
      if (deleted > 0) {
        this.logger.log({ deleted }, 'expired idempotency keys deleted');
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not delete expired idempotency keys');
    }
  }
}
