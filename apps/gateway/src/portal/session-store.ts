// Portal sessions and pending logins in NATS KV buckets, shared by every gateway replica. Values
// are sealed (session-crypto.ts); keys are hashes of the secrets. The buckets' TTL is a backstop
// that removes what nobody deletes; the idle and absolute limits are checked on every read.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import type { GatewayConfig } from '#config';
import { AppError, type Role } from '#contracts';
import { NATS_CONNECTION } from '#service-core';
import { PORTAL_GATEWAY_CONFIG } from './portal-config.js';
import { newSecret, SessionCipher, storageKey } from './session-crypto.js';

export interface PortalSession {
  userId: string;
  username: string | null;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  realmRoles: Role[];
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string | null;
  idToken: string | null;
  csrfToken: string;
  activeOrganisationId: string | null;
  createdAt: number;
  lastSeenAt: number;
  /** While one replica refreshes the tokens (epoch ms): the others wait and re-read. */
  refreshingUntil: number | null;
}

export interface PendingLogin {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Hash of the login cookie the browser got with this state (binds the callback to that browser). */
  browserKey: string;
  createdAt: number;
}

export interface StoredSession {
  session: PortalSession;
  revision: number;
}

export const PENDING_LOGIN_TTL_MS = 10 * 60_000;
/** How many times a write retries after another replica changed the session in between. */
const MAX_WRITE_ATTEMPTS = 20;

/** JetStream's "wrong last sequence": someone else wrote the key since we read it. */
function isRevisionConflict(error: unknown): boolean {
  const { code, api_error: apiError } = (error ?? {}) as {
    code?: unknown;
    api_error?: { err_code?: number };
  };
  return code === 10071 || apiError?.err_code === 10071 || /wrong last sequence/i.test(String(error));
}

/** The bucket name in the namespace of NATS_SUBJECT_PREFIX (test systems never share sessions). */
export function bucketName(prefix: string, name: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return safe === '' ? name : `${safe}_${name}`;
}

@Injectable()
export class SessionStore implements OnModuleDestroy {
  private readonly logger = new Logger(SessionStore.name);
  private readonly cipher: SessionCipher;
  private buckets: Promise<{ sessions: KV; logins: KV }> | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PORTAL_GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.cipher = new SessionCipher(config.portal.sessionKey);
  }

  get sessionBucket(): string {
    return bucketName(this.config.natsSubjectPrefix, 'moni_sessions');
  }

  get loginBucket(): string {
    return bucketName(this.config.natsSubjectPrefix, 'moni_logins');
  }

  onModuleDestroy(): void {
    this.buckets = null;
  }

  /** When the session ends unless used again (epoch ms). */
  expiresAt(session: PortalSession): number {
    return Math.min(
      session.lastSeenAt + this.config.portal.sessionIdleMs,
      session.createdAt + this.config.portal.sessionMaxMs,
    );
  }

  async create(session: PortalSession): Promise<string> {
    const id = newSecret();
    const key = storageKey(id);
    await this.kv(({ sessions }) => sessions.create(key, this.cipher.seal(key, session)));
    return id;
  }

  /** The live session of this cookie value, or null (unknown, tampered with, idle or too old: deleted). */
  async load(id: string): Promise<StoredSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) {
      return null;
    }
    const key = storageKey(id);
    const entry = await this.kv(({ sessions }) => sessions.get(key));
    if (entry === null || entry.operation !== 'PUT') {
      return null;
    }
    const session = this.cipher.open<PortalSession>(key, entry.value);
    if (session === null) {
      this.logger.warn('a stored session could not be opened (another SESSION_KEY?)');
      return null;
    }
    if (this.expiresAt(session) <= Date.now()) {
      await this.delete(id);
      return null;
    }
    return { session, revision: entry.revision };
  }

  /** Writes the session only if nobody changed it since `revision`; the new revision, or null. */
  async replace(id: string, session: PortalSession, revision: number): Promise<number | null> {
    const key = storageKey(id);
    return this.kv(async ({ sessions }) => {
      try {
        return await sessions.update(key, this.cipher.seal(key, session), revision);
      } catch (error) {
        if (isRevisionConflict(error)) {
          return null;
        }
        throw error;
      }
    });
  }

  /**
   * Applies the change to the latest version (re-reading after a concurrent write); null when the
   * session has ended or the change returns null.
   */
  async update(
    id: string,
    change: (session: PortalSession) => PortalSession | null,
  ): Promise<PortalSession | null> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.load(id);
      const next = current && change(current.session);
      if (!current || !next) {
        return null;
      }
      if ((await this.replace(id, next, current.revision)) !== null) {
        return next;
      }
    }
    throw new AppError('SERVICE.UNAVAILABLE', 'The session is busy; try again');
  }

  async delete(id: string): Promise<void> {
    await this.kv(({ sessions }) => sessions.purge(storageKey(id)));
  }

  async savePendingLogin(state: string, login: PendingLogin): Promise<void> {
    const key = storageKey(state);
    await this.kv(({ logins }) => logins.create(key, this.cipher.seal(key, login)));
  }

  /** The pending login of this state, once: a second call (or a concurrent one) gets null. */
  async consumePendingLogin(state: string): Promise<PendingLogin | null> {
    const key = storageKey(state);
    const entry = await this.kv(({ logins }) => logins.get(key));
    if (entry === null || entry.operation !== 'PUT') {
      return null;
    }
    const consumed = await this.kv(async ({ logins }) => {
      try {
        // Conditional on the revision read: of two callbacks with one state, only one deletes it.
        await logins.delete(key, { previousSeq: entry.revision });
        return true;
      } catch (error) {
        if (isRevisionConflict(error)) {
          return false;
        }
        throw error;
      }
    });
    if (!consumed) {
      return null;
    }
    const login = this.cipher.open<PendingLogin>(key, entry.value);
    return login !== null && Date.now() - login.createdAt <= PENDING_LOGIN_TTL_MS ? login : null;
  }

  /**
   * The buckets (opened on first use: NATS may come up after the gateway). Any failure of the store
   * itself is a 503, never a 500: the caller may retry, and no session state was half-written.
   */
  private async open(): Promise<{ sessions: KV; logins: KV }> {
    this.buckets ??= this.openBuckets().catch((error: unknown) => {
      this.buckets = null;
      throw error;
    });
    try {
      return await this.buckets;
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): AppError {
    if (error instanceof AppError) {
      return error;
    }
    this.logger.warn({ reason: (error as Error)?.name ?? 'error' }, 'the session store failed');
    return new AppError('SERVICE.UNAVAILABLE', 'Sessions are unavailable; try again shortly');
  }

  /** Runs a KV operation; a store failure becomes SERVICE.UNAVAILABLE. */
  private async kv<T>(operation: (buckets: { sessions: KV; logins: KV }) => Promise<T>): Promise<T> {
    const buckets = await this.open();
    try {
      return await operation(buckets);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private async openBuckets(): Promise<{ sessions: KV; logins: KV }> {
    const kvm = new Kvm(this.nc);
    const { sessionMaxMs } = this.config.portal;
    // As many copies as the event streams: sessions survive a NATS node going away.
    const replicas = this.config.eventsStreamReplicas;
    const [sessions, logins] = await Promise.all([
      // One value per session (history 1); the TTL outlives the longest session by a minute.
      kvm.create(this.sessionBucket, { history: 1, ttl: sessionMaxMs + 60_000, replicas }),
      kvm.create(this.loginBucket, { history: 1, ttl: PENDING_LOGIN_TTL_MS, replicas }),
    ]);
    return { sessions, logins };
  }
}
