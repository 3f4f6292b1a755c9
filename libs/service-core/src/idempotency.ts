import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  SetMetadata,
  Logger,
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { CommonConfig } from '#config';
import { AppError, SYSTEM_ACTOR, type Actor, type ErrorBody } from '#contracts';
import { isEnvelope } from '#messaging';
import { SERVICE_CONFIG } from './outbox.js';
import { idempotencyTable } from './idempotency-migrations.js';
import { PeriodicJob } from './periodic-job.js';
import { BackgroundRetries } from './background-retries.js';
import { ReplyCipher } from './reply-cipher.js';

export * from './idempotency-migrations.js';
export * from './reply-cipher.js';

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

/** Code-unit order (not the locale's), the same on every machine. */
function compareKeys(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** JSON with the keys of every object sorted, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).sort(([a], [b]) => compareKeys(a, b)),
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

/** The idempotent command this async context runs: what lets its transaction store its reply. */
interface CommandInProgress {
  storeWithin(manager: EntityManager, reply: unknown): Promise<void>;
  storedWithin: boolean;
}

const commandInProgress = new AsyncLocalStorage<CommandInProgress>();

/**
 * Stores the reply of the idempotent command in progress in the caller's transaction, so that it
 * commits with the command's change: a retry after a crash between that commit and the answer gets
 * this reply replayed instead of running the command again. Call it last in the transaction that
 * makes the change; outside an idempotent request it does nothing. Returns the reply.
 */
export async function replyWithin<T>(manager: EntityManager, reply: T): Promise<T> {
  const command = commandInProgress.getStore();
  if (command) {
    await command.storeWithin(manager, reply);
  }
  return reply;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface IdempotentRequest {
  subject: string;
  userId: string;
  /** The organisation the caller acts for ('' for none): a key is the user's within one organisation. */
  organisationId: string;
  key: string;
  hash: string;
}

/**
 * How a replay re-reads what the command made, as the caller, through the service's own access
 * rules (a replay must not show what the caller may no longer see). `service` is resolved from the
 * application; `read` gets the id the first reply named and the original request.
 */
export interface ReplayReader<S = unknown> {
  service: Type<S>;
  read: (
    service: S,
    actor: Actor,
    resourceId: string,
    data: unknown,
    correlationId: string,
  ) => Promise<unknown>;
}

export const REPLAY_READER_KEY = 'moni:idempotency:replay-reader';

/** On a command handler: its replays re-read the resource as the caller instead of returning the stored reply. */
export const ReplayThrough = <S>(reader: ReplayReader<S>) => SetMetadata(REPLAY_READER_KEY, reader);

/** The ids a reply names (its own, its client's, its referral's): what an erasure looks for. */
export function resourceIdsOf(reply: unknown): string[] {
  if (typeof reply !== 'object' || reply === null) {
    return [];
  }
  const record = reply as Record<string, unknown>;
  return ['id', 'clientId', 'referralId'].flatMap((field) =>
    typeof record[field] === 'string' ? [record[field]] : [],
  );
}

interface StoredRow {
  request_hash: string;
  pending: boolean;
  /** `{ sealed }`: the encrypted reply. */
  reply: { sealed: string } | null;
  /** `{ sealed }`: the encrypted error body (details may name a record). */
  error: { sealed: string } | null;
}

/** What a replay gives back: the stored reply (decrypted), and the resource it named. */
export interface StoredOutcome {
  reply: unknown;
  resourceId: string | null;
}

/** The claim this request owns: its row's `created_at` (exact, as text), and when it was made here. */
interface Claim {
  token: string;
  /** Past this (epoch ms) the claim may be taken over: an unwritten outcome or release is given up. */
  abandonedAt: number;
}

/** The claim, the outcome and the replay of one key, in the service's `idempotency_keys` table. */
@Injectable()
export class IdempotencyStore implements BeforeApplicationShutdown {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly table: string;
  private readonly cipher: ReplyCipher;
  /** Outcomes and releases that could not be written (the database away), retried in the background. */
  private readonly retries: BackgroundRetries;

  constructor(
    @Inject(SERVICE_CONFIG) config: CommonConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {
    this.table = idempotencyTable(config.serviceName);
    this.cipher = new ReplyCipher(config.cursorSecret);
    // A duplicate waiting its full waitMs sees at least one retry after the database is back.
    this.retries = new BackgroundRetries(this.logger, {
      firstDelayMs: 100,
      maxDelayMs: Math.max(100, options.waitMs / 2),
    });
  }

  /** Writes still waiting for the database to come back (an outage's releases and outcomes). */
  get retriesWaiting(): number {
    return this.retries.waiting;
  }

  beforeApplicationShutdown(): void {
    this.retries.stop();
  }

  /**
   * Runs `handler` at most once per (subject, user, key) within the TTL: the first request claims
   * the key (one INSERT ... ON CONFLICT, atomic across replicas), runs, and stores its outcome; a
   * duplicate gets the stored outcome, waits while the first still runs, or gets 409.
   */
  async run(
    request: IdempotentRequest,
    handler: () => Promise<unknown>,
    replay: (stored: StoredOutcome) => Promise<unknown> = (stored) => Promise.resolve(stored.reply),
  ): Promise<unknown> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const claim = await this.claim(request);
      if (claim) {
        return this.execute(request, claim, handler);
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
          const body = this.cipher.decrypt(request, row.error.sealed) as ErrorBody;
          throw AppError.fromBody(body) ?? new AppError('RESOURCE.CONFLICT', 'The request already failed');
        }
        const reply = row.reply ? this.cipher.decrypt(request, row.reply.sealed) : null;
        return replay({ reply, resourceId: resourceIdsOf(reply)[0] ?? null });
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
   * Stored replies hold what the command answered (encrypted) for up to the TTL. An erasure calls
   * this in its transaction with the erased records' ids (the client's, its referrals'), so no
   * replay keeps them.
   */
  async forgetRepliesMentioning(manager: EntityManager, ...ids: string[]): Promise<void> {
    await manager.query(`DELETE FROM ${this.table} WHERE "resource_ids" && $1::text[]`, [ids]);
  }

  /** The claim when this request now owns the key (a new row, or an expired or abandoned one taken over), else null. */
  private async claim({
    subject,
    userId,
    organisationId,
    key,
    hash,
  }: IdempotentRequest): Promise<Claim | null> {
    const claimedAt = Date.now();
    const rows = await this.dataSource.query<{ token: string }[]>(
      `INSERT INTO ${this.table} AS k ("subject", "user_id", "organisation_id", "key", "request_hash")
       VALUES ($1, $2, $7, $3, $4)
       ON CONFLICT ("subject", "user_id", "organisation_id", "key") DO UPDATE
         SET "request_hash" = EXCLUDED."request_hash", "reply" = NULL, "error" = NULL, "resource_ids" = '{}',
             "created_at" = now()
         WHERE k."created_at" < now() - make_interval(secs => $5)
            OR (k."reply" IS NULL AND k."error" IS NULL AND k."created_at" < now() - make_interval(secs => $6))
       RETURNING k."created_at"::text AS "token"`,
      [
        subject,
        userId,
        key,
        hash,
        this.options.ttlMs / 1000,
        this.options.abandonedAfterMs / 1000,
        organisationId,
      ],
    );
    const token = rows[0]?.token;
    return token === undefined ? null : { token, abandonedAt: claimedAt + this.options.abandonedAfterMs };
  }

  private async find({ subject, userId, organisationId, key }: IdempotentRequest): Promise<StoredRow | null> {
    const rows = await this.dataSource.query<StoredRow[]>(
      `SELECT "request_hash", ("reply" IS NULL AND "error" IS NULL) AS "pending", "reply", "error"
         FROM ${this.table}
        WHERE "subject" = $1 AND "user_id" = $2 AND "organisation_id" = $5 AND "key" = $3
          AND "created_at" >= now() - make_interval(secs => $4)`,
      [subject, userId, key, this.options.ttlMs / 1000, organisationId],
    );
    return rows[0] ?? null;
  }

  private async execute(
    request: IdempotentRequest,
    claim: Claim,
    handler: () => Promise<unknown>,
  ): Promise<unknown> {
    const command: CommandInProgress = {
      storedWithin: false,
      storeWithin: async (manager, reply) => {
        await this.write(manager, request, claim, 'reply', ...this.sealReply(request, reply));
        command.storedWithin = true;
      },
    };
    let reply: unknown;
    try {
      reply = await commandInProgress.run(command, handler);
    } catch (error) {
      if (isFinal(error)) {
        await this.store(request, claim, 'error', { sealed: this.cipher.encrypt(request, error.toBody()) });
      } else {
        await this.release(request, claim);
      }
      throw error;
    }
    if (!command.storedWithin) {
      await this.store(request, claim, 'reply', ...this.sealReply(request, reply));
    }
    return reply;
  }

  /** Sealed (never personal data in clear); the ids it names stay readable for an erasure. */
  private sealReply(request: IdempotentRequest, reply: unknown): [{ sealed: string }, string[]] {
    const value = reply === undefined ? null : (JSON.parse(JSON.stringify(reply)) as unknown);
    return [{ sealed: this.cipher.encrypt(request, value) }, resourceIdsOf(value)];
  }

  /**
   * The request itself is done: it is answered whether or not its outcome could be stored. When the
   * database is away, the outcome is stored in the background once it is back, so that a retry
   * neither waits for the claim to count as abandoned nor then runs the command again.
   */
  private async store(
    request: IdempotentRequest,
    claim: Claim,
    column: 'reply' | 'error',
    value: unknown,
    resourceIds: string[] = [],
  ): Promise<void> {
    await this.retries.attempt(
      `store the ${column} of ${request.subject}`,
      () => this.write(this.dataSource, request, claim, column, value, resourceIds),
      claim.abandonedAt,
    );
  }

  /**
   * Sets the claim's outcome, once: an outcome already there (the reply committed with the
   * change, then the handler failed) is kept, as it says what happened. Only this request's own
   * claim (its `created_at`): never one that took the key over after this one was abandoned.
   */
  private async write(
    db: Pick<DataSource, 'query'>,
    request: IdempotentRequest,
    claim: Claim,
    column: 'reply' | 'error',
    value: unknown,
    resourceIds: string[],
  ): Promise<void> {
    await db.query(
      `UPDATE ${this.table} SET "${column}" = $4::jsonb, "resource_ids" = $7::text[]
        WHERE "subject" = $1 AND "user_id" = $2 AND "organisation_id" = $6 AND "key" = $3 AND "request_hash" = $5
          AND "created_at" = $8::timestamptz AND "reply" IS NULL AND "error" IS NULL`,
      [
        request.subject,
        request.userId,
        request.key,
        JSON.stringify(value),
        request.hash,
        request.organisationId,
        resourceIds,
        claim.token,
      ],
    );
  }

  /**
   * Frees the key for a retry (the command failed in a way a retry may not). When the database is
   * away (the usual reason the command failed), the release is retried in the background: a retry
   * once it is back runs the command instead of getting 409 IN_PROGRESS until the claim is abandoned.
   */
  private async release(request: IdempotentRequest, claim: Claim): Promise<void> {
    await this.retries.attempt(
      `release an idempotency key of ${request.subject}`,
      async () => {
        await this.dataSource.query(
          `DELETE FROM ${this.table}
            WHERE "subject" = $1 AND "user_id" = $2 AND "organisation_id" = $4 AND "key" = $3
              AND "created_at" = $5::timestamptz AND "reply" IS NULL AND "error" IS NULL`,
          [request.subject, request.userId, request.key, request.organisationId, claim.token],
        );
      },
      claim.abandonedAt,
    );
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
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

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
    const actor = envelope.actor;
    const request: IdempotentRequest = {
      subject: subjectOf(context, envelope.type),
      userId: actor?.userId ?? SYSTEM_ACTOR.userId,
      organisationId: actor?.organisationId ?? '',
      key,
      hash: requestHash(envelope.data),
    };
    const reader = this.reflector.get<ReplayReader | undefined>(REPLAY_READER_KEY, context.getHandler());
    const replay = async (stored: StoredOutcome): Promise<unknown> => {
      if (!reader || stored.resourceId === null || actor === null) {
        return stored.reply;
      }
      // Through the service's access rules again, as the caller is now.
      const service = this.moduleRef.get(reader.service, { strict: false });
      return reader.read(service, actor, stored.resourceId, envelope.data, envelope.correlationId);
    };
    return defer(() =>
      this.store.run(request, () => lastValueFrom(next.handle(), { defaultValue: undefined }), replay),
    );
  }
}

/** Deletes expired keys on a timer in every replica (each DELETE is safe to run concurrently). */
@Injectable()
export class IdempotencyCleanup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IdempotencyCleanup.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions,
  ) {
    this.job = new PeriodicJob({
      name: IdempotencyCleanup.name,
      intervalMs: options.cleanupIntervalMs,
      run: () => this.sweep(),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async sweep(): Promise<void> {
    const deleted = await this.store.deleteExpired();
    if (deleted > 0) {
      this.logger.log({ deleted }, 'expired idempotency keys deleted');
    }
  }
}
