import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError, type Role } from '#contracts';
import { isUnguarded, ROLES_KEY } from './decorators.js';
import { KeycloakTokenVerifier, type VerifiedToken } from './token-verifier.js';

export interface AuthenticatedRequest {
  headers: IncomingHttpHeaders;
  principal?: VerifiedToken;
}

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) {
    return null;
  }
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer' || !token) {
    return null;
  }
  if (rest.length > 0) {
    throw new AppError('AUTH.TOKEN_MALFORMED', 'The Authorization header holds more than one token');
  }
  return token;
}

/**
 * Authenticates every HTTP request (unless its route is @Public()), leaves the verified token on
 * `request.principal` and enforces @Roles(). Throws AppError; the gateway's filter maps the codes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(KeycloakTokenVerifier) private readonly verifier: KeycloakTokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isUnguarded(context, this.reflector)) {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.verifier.verify(bearerToken(request.headers.authorization));
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.some((role) => principal.realmRoles.includes(role))) {
      throw new AppError('AUTH.FORBIDDEN', `This needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
