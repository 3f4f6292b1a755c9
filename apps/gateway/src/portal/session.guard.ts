import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUnguarded } from '#auth';
import { AppError } from '#contracts';
import type { GatewayRequest } from '../http/request-context.js';
import { ORGANISATION_HEADER } from '../http/actor.guard.js';
import { readCookie } from './cookies.js';
import { csrfRefusal, isStateChanging } from './csrf.js';
import { PortalSessions } from './portal-sessions.js';

/** What the SessionGuard leaves on a request that rides on the session cookie. */
export interface CookieSession {
  id: string;
  organisationId: string | null;
}

export type SessionRequest = GatewayRequest & { portalSession?: CookieSession };

export const csrfError = (reason: string) => new AppError('AUTH.CSRF', reason);

/**
 * Runs before the AuthGuard: a request with the portal's session cookie and no Authorization header
 * gets the session's access token (refreshed when needed) and organisation, as a bearer client would
 * send them, so that the AuthGuard and ActorGuard stay as they are. A state-changing method must
 * pass the CSRF check first (403 AUTH.CSRF). Bearer requests pass untouched.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(PortalSessions) private readonly sessions: PortalSessions,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isUnguarded(context, this.reflector)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<SessionRequest>();
    const id = readCookie(request.headers.cookie, this.sessions.cookies.session);
    if (request.headers.authorization !== undefined || id === null) {
      return true;
    }
    const stored = await this.sessions.load(id);
    if (stored === null) {
      throw new AppError('AUTH.TOKEN_MISSING', 'The session has ended; sign in again');
    }
    if (isStateChanging(request.method)) {
      const refusal = csrfRefusal(request.headers, stored.session.csrfToken, this.sessions.publicOrigin);
      if (refusal !== null) {
        throw csrfError(refusal);
      }
    }
    const session = await this.sessions.fresh(id);
    await this.sessions.touch(id, session);
    request.headers.authorization = `Bearer ${session.accessToken}`;
    if (request.headers[ORGANISATION_HEADER] === undefined && session.activeOrganisationId !== null) {
      request.headers[ORGANISATION_HEADER] = session.activeOrganisationId;
    }
    request.portalSession = { id, organisationId: session.activeOrganisationId };
    return true;
  }
}
