import { Injectable, Logger, Optional } from '@nestjs/common';
import type { VerifiedToken } from '#auth';
import type { Actor, AuditEntryData, ErrorCode } from '#contracts';
import { ServiceClient } from '#messaging';
import type { ActorRequest } from '../http/caller.js';
import { FailedAuthAudit } from '../limits/failed-auth-audit.js';

/** Short: the error response never waits for the audit service. */
const RECORD_TIMEOUT_MS = 1_000;

type RefusedRequest = ActorRequest & { principal?: VerifiedToken; ip?: string };

const FAILED_AUTHENTICATION: ReadonlySet<ErrorCode> = new Set([
  'AUTH.TOKEN_MISSING',
  'AUTH.TOKEN_MALFORMED',
  'AUTH.TOKEN_INVALID',
  'AUTH.TOKEN_EXPIRED',
  'AUTH.TOKEN_WRONG_AUDIENCE',
]);
// 404 included: for a record that exists, it is how a service refuses a caller who may not see it.
// AUTH.CSRF: a state-changing request on the portal's cookie from elsewhere (or without its token).
const REFUSED: ReadonlySet<ErrorCode> = new Set(['AUTH.FORBIDDEN', 'AUTH.CSRF', 'RESOURCE.NOT_FOUND']);

/** What the gateway records: failed authentications and refusals, not bad input, unknown routes or outages. */
export function refusalAction(code: ErrorCode): string | null {
  if (FAILED_AUTHENTICATION.has(code)) {
    return 'auth.failed';
  }
  return REFUSED.has(code) ? 'request.refused' : null;
}

/** Who asked, as far as known, without personal data: ids and roles, never the username or token. */
function actorOf(request: RefusedRequest): Actor | null {
  if (request.actor) {
    return { ...request.actor, username: null };
  }
  if (request.principal) {
    return {
      userId: request.principal.subject,
      username: null,
      organisationId: null,
      role: null,
      realmRoles: request.principal.realmRoles,
    };
  }
  return null;
}

/** The route template (`/api/v1/clients/:id`), never the URL with its ids and query. */
function routeOf(request: RefusedRequest): string {
  const route = (request as { route?: unknown }).route;
  const path = typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : '(unmatched)';
}

/** Records refused requests in the audit log: fire and forget, so a refusal never waits or fails for it. */
@Injectable()
export class RefusalAuditor {
  private readonly logger = new Logger(RefusalAuditor.name);

  constructor(
    private readonly services: ServiceClient,
    @Optional() private readonly failedAuth?: FailedAuthAudit,
  ) {}

  record(request: RefusedRequest, code: ErrorCode, status: number, correlationId: string): void {
    const action = refusalAction(code);
    if (action === null) {
      return;
    }
    // Counted per address and minute (one audit entry each), so that a flood costs one append.
    if (action === 'auth.failed' && this.failedAuth) {
      this.failedAuth.add(request.ip, code, correlationId);
      return;
    }
    const actor = actorOf(request);
    const route = routeOf(request);
    const entry: AuditEntryData = {
      action,
      outcome: 'refused',
      targetType: 'route',
      targetId: `${request.method} ${route}`,
      organisationId: actor?.organisationId ?? null,
      sourceService: 'gateway',
      detail: { code, status, method: request.method, route },
    };
    this.services
      .request('audit.entry.record', entry, { actor, correlationId }, RECORD_TIMEOUT_MS)
      .catch((error: unknown) => {
        this.logger.warn(
          { correlationId, code, err: error },
          'could not record a refused request in the audit log',
        );
      });
  }
}
