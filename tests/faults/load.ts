// A steady load through the gateway, as a careful client sends it: each worker registers a client,
// records a consent, sends a referral to the employment services, which open it, accept it,
// exchange messages and start it. Every command carries an Idempotency-Key and is retried with the
// same key after a network error, a 5xx, a 429 or an "in progress" 409, until `retryForMs` is up.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { passwordGrant } from '#testing';
import { DEMO_ORG_EMPLOYMENT } from '../../apps/partners/src/demo/demo-organisations.js';

export type OpKind =
  | 'client.create'
  | 'consent.create'
  | 'referral.send'
  | 'referral.open'
  | 'referral.accept'
  | 'referral.start'
  | 'message.partner'
  | 'message.advisor';

/** One HTTP request as sent (a retry is another attempt of the same operation). */
export interface Attempt {
  op: OpKind;
  status: number; // 0: no answer (network error or timeout)
  at: number;
  ms: number;
}

/** One operation, as the client saw it in the end. */
export interface Operation {
  scenario: string;
  flow: string;
  op: OpKind;
  key: string;
  /** The final answer: a 2xx, the last error status, or 0 when none came at all. */
  status: number;
  attempts: number;
  /** What it created or acted on. */
  clientId?: string;
  referralId?: string;
  startedAt: number;
  endedAt: number;
}

export interface LoadOptions {
  gatewayUrls: () => string[];
  idpUrl: () => string;
  workers: number;
  /** How long one operation is retried before the client gives up (default 90 s). */
  retryForMs?: number;
  requestTimeoutMs?: number;
}

type Caller = 'advisor' | 'employment';

const RETRYABLE = (status: number, code: string | undefined): boolean =>
  status === 0 ||
  status >= 500 ||
  status === 429 ||
  (status === 409 && code === 'RESOURCE.CONFLICT'); /* IDEMPOTENCY_KEY_IN_PROGRESS */

export class LoadGenerator {
  readonly attempts: Attempt[] = [];
  readonly operations: Operation[] = [];
  scenario = 'warm-up';
  private running = false;
  private workers: Promise<void>[] = [];
  private tokens = new Map<Caller, { token: string; at: number }>();
  private next = 0;
  private flowCount = 0;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.workers }, (_, i) => this.worker(i));
  }

  /** Lets every flow in progress finish (its operations are retried to the end), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async token(caller: Caller): Promise<string> {
    const cached = this.tokens.get(caller);
    if (cached && Date.now() - cached.at < 30 * 60_000) {
      return cached.token;
    }
    const token = await passwordGrant(this.options.idpUrl(), caller);
    this.tokens.set(caller, { token, at: Date.now() });
    return token;
  }

  private async worker(index: number): Promise<void> {
    while (this.running) {
      this.flowCount += 1;
      const flow = `w${index}-${this.flowCount}`;
      await this.flow(flow).catch(() => undefined);
      await sleep(50);
    }
  }

  /** One referral's life; stops at the first operation that fails for good. */
  private async flow(flow: string): Promise<void> {
    const client = await this.op(flow, 'client.create', 'advisor', 'POST', '/api/v1/clients', {
      firstName: 'Fault',
      lastName: `Suite ${flow}`,
      dateOfBirth: '1990-01-01',
      languages: ['fi'],
      preferredLanguage: 'fi',
      needs: [{ category: 'employment', description: 'fault suite' }],
      confirmDuplicate: true,
    });
    const clientId = client.body?.id as string | undefined;
    if (!clientId) {
      return;
    }
    const consent = await this.op(
      flow,
      'consent.create',
      'advisor',
      'POST',
      `/api/v1/clients/${clientId}/consents`,
      {
        recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
        categories: ['identity', 'contact', 'needs'],
        purposes: ['referral'],
        method: 'signed_form',
        givenBy: 'client',
        noticeVersion: '2025-1',
        noticeLanguage: 'fi',
        interpreterUsed: false,
      },
      { clientId },
    );
    if (!consent.ok) {
      return;
    }
    const sent = await this.op(
      flow,
      'referral.send',
      'advisor',
      'POST',
      '/api/v1/referrals',
      {
        clientId,
        receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
        need: 'employment',
        reason: 'fault suite',
        urgency: 'routine',
        categories: ['identity', 'needs'],
        send: true,
        confirmDuplicate: true,
      },
      { clientId },
    );
    const referralId = sent.body?.id as string | undefined;
    if (!referralId) {
      return;
    }
    const ids = { clientId, referralId };
    const path = `/api/v1/referrals/${referralId}`;
    const opened = await this.op(flow, 'referral.open', 'employment', 'GET', path, undefined, ids);
    if (!opened.ok) {
      return;
    }
    const accepted = await this.op(
      flow,
      'referral.accept',
      'employment',
      'POST',
      `${path}/transitions`,
      { to: 'accepted' },
      ids,
      {
        'If-Match': opened.etag ?? '',
      },
    );
    if (!accepted.ok) {
      return;
    }
    const body = { body: 'fault suite message' };
    if (!(await this.op(flow, 'message.partner', 'employment', 'POST', `${path}/messages`, body, ids)).ok) {
      return;
    }
    if (!(await this.op(flow, 'message.advisor', 'advisor', 'POST', `${path}/messages`, body, ids)).ok) {
      return;
    }
    await this.op(
      flow,
      'referral.start',
      'employment',
      'POST',
      `${path}/transitions`,
      { to: 'in_progress' },
      ids,
      {
        'If-Match': accepted.etag ?? '',
      },
    );
  }

  /** One request; status 0 when it got no answer (or an answer that is not JSON). */
  private async attempt(
    url: string,
    method: string,
    caller: Caller,
    key: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ status: number; parsed?: Record<string, unknown>; etag?: string }> {
    let status = 0;
    let parsed: Record<string, unknown> | undefined;
    let etag: string | undefined;
    try {
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${await this.token(caller)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method === 'GET' ? {} : { 'idempotency-key': key }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 15_000),
      });
      status = response.status;
      etag = response.headers.get('etag') ?? undefined;
      const text = await response.text();
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      status = status || 0;
    }
    return { status, parsed, etag };
  }

  private async op(
    flow: string,
    op: OpKind,
    caller: Caller,
    method: string,
    path: string,
    body?: unknown,
    ids: { clientId?: string; referralId?: string } = {},
    headers: Record<string, string> = {},
  ): Promise<{ ok: boolean; body?: Record<string, unknown>; etag?: string }> {
    const key = randomUUID();
    const startedAt = Date.now();
    const deadline = startedAt + (this.options.retryForMs ?? 90_000);
    let attempts = 0;
    let delay = 250;
    for (;;) {
      attempts += 1;
      const urls = this.options.gatewayUrls();
      const url = urls[this.next++ % urls.length];
      const at = Date.now();
      const { status, parsed, etag } = await this.attempt(
        `${url}${path}`,
        method,
        caller,
        key,
        body,
        headers,
      );
      this.attempts.push({ op, status, at, ms: Date.now() - at });
      const ok = status >= 200 && status < 300;
      if (ok || !RETRYABLE(status, parsed?.code as string | undefined) || Date.now() > deadline) {
        this.operations.push({
          scenario: this.scenario,
          flow,
          op,
          key,
          status,
          attempts,
          ...ids,
          ...(ok ? createdIds(op, parsed) : {}),
          startedAt,
          endedAt: Date.now(),
        });
        return { ok, body: ok ? parsed : undefined, etag };
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 3_000);
    }
  }
}

/** The id a creating operation answered with: the client's or the referral's. */
function createdIds(op: OpKind, parsed: Record<string, unknown> | undefined) {
  const id = parsed?.id as string | undefined;
  if (op === 'client.create') {
    return { clientId: id };
  }
  return op === 'referral.send' ? { referralId: id } : {};
}
