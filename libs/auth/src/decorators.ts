import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { AppError, type Role } from '#contracts';
import type { AuthenticatedRequest } from './auth.guard.js';
import type { VerifiedToken } from './token-verifier.js';

export const IS_PUBLIC_KEY = 'moni:auth:public';
export const ROLES_KEY = 'moni:auth:roles';

/** The route needs no token (health, metrics, OpenAPI). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Whether the request guards (the AuthGuard, the gateway's ActorGuard) let the request through
 * unchecked: a NATS handler (the caller comes in the envelope, which the gateway filled from a
 * verified token) or an HTTP route marked @Public().
 */
export function isUnguarded(context: ExecutionContext, reflector: Reflector): boolean {
  return (
    context.getType() !== 'http' ||
    reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}

/** The caller needs at least one of these realm roles; on a class, for every route that does not say otherwise. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** The verified token of the caller, as the AuthGuard left it on the request. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): VerifiedToken => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) {
    throw new AppError('AUTH.TOKEN_MISSING', 'A bearer token is required');
  }
  return principal;
});
