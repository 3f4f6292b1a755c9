import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUnguarded, type AuthenticatedRequest, type VerifiedToken } from '#auth';
import { AppError, type Actor, type ResolveMembershipReply, type Role, isPlatformAdmin } from '#contracts';
import { ServiceClient } from '#messaging';
import { ACTOR_ROLES_KEY, type ActorRequest } from './caller.js';
import { correlationIdOf } from './request-context.js';

export const ORGANISATION_HEADER = 'x-organisation-id';
export const WITHOUT_ORGANISATION_KEY = 'moni:actor:without-organisation';

/** The route serves callers who act for no organisation too (GET /me). */
export const WithoutOrganisation = () => SetMetadata(WITHOUT_ORGANISATION_KEY, true);

export type MembershipRequest = ActorRequest & AuthenticatedRequest & { membership?: ResolveMembershipReply };

/** The membership resolution of the request, as the ActorGuard left it. */
export const Membership = createParamDecorator(
  (_: unknown, context: ExecutionContext): ResolveMembershipReply => {
    const membership = context.switchToHttp().getRequest<MembershipRequest>().membership;
    if (!membership) {
      throw new AppError('AUTH.FORBIDDEN', 'The request has no resolved membership');
    }
    return membership;
  },
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const headerError = (reason: string) =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', [
    { field: 'X-Organisation-Id', reasons: [reason] },
  ]);

function requestedOrganisation(header: string | string[] | undefined): string | null {
  if (header === undefined) {
    return null;
  }
  const value = Array.isArray(header) ? null : header.trim();
  if (value === null || !UUID.test(value)) {
    throw headerError('X-Organisation-Id must be one organisation id (UUID)');
  }
  return value.toLowerCase();
}

/** A route's @ActorRoles: the actor's role is listed, or platform_admin is listed and the token has it. */
export function actorHasRole(actor: Actor, roles: Role[]): boolean {
  return (
    (actor.role !== null && roles.includes(actor.role)) ||
    (roles.includes('platform_admin') && isPlatformAdmin(actor))
  );
}

/** The token's name as the services keep it (members' display names, message authors): trimmed, bounded. */
function nameOf(principal: VerifiedToken): string | null {
  return principal.name?.trim().slice(0, 255) || null;
}

/**
 * Which organisation and role the token's user acts in (partners service): the ActorGuard on every
 * request, and the live stream when it re-checks an open connection.
 */
export function resolveMembership(
  services: ServiceClient,
  principal: VerifiedToken,
  requestedOrganisationId: string | null,
  correlationId: string,
): Promise<ResolveMembershipReply> {
  return services.request(
    'partners.membership.resolve',
    {
      userId: principal.subject,
      email: principal.email,
      emailVerified: principal.emailVerified,
      username: principal.username,
      name: nameOf(principal),
      serviceAccount: principal.serviceAccount === true,
      realmRoles: principal.realmRoles,
      requestedOrganisationId,
    },
    { actor: null, correlationId },
  );
}

/**
 * Runs after the AuthGuard on every authenticated route: asks the partners service which
 * organisation and role the caller acts in (never cached: a deactivated member or organisation is
 * refused on its very next request), leaves the Actor on the request and enforces @ActorRoles().
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(
    @Inject(ServiceClient) private readonly services: ServiceClient,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isUnguarded(context, this.reflector)) {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<MembershipRequest>();
    const principal = request.principal;
    if (!principal) {
      throw new AppError('AUTH.TOKEN_MISSING', 'A bearer token is required');
    }
    const requestedOrganisationId = requestedOrganisation(request.headers[ORGANISATION_HEADER]);
    const membership = await resolveMembership(
      this.services,
      principal,
      requestedOrganisationId,
      correlationIdOf(request),
    );
    const actor: Actor = {
      userId: principal.subject,
      username: principal.username,
      organisationId: membership.activeOrganisationId,
      role: membership.role,
      realmRoles: principal.realmRoles,
      email: principal.emailVerified && principal.email ? principal.email.trim().toLowerCase() : null,
      name: nameOf(principal),
    };
    request.membership = membership;
    request.actor = actor;

    if (
      actor.role === null &&
      this.reflector.getAllAndOverride<boolean>(WITHOUT_ORGANISATION_KEY, targets) !== true
    ) {
      if (membership.memberships.length > 1) {
        throw headerError('X-Organisation-Id must name the organisation you act for');
      }
      throw new AppError('AUTH.FORBIDDEN', 'You are not an active member of any organisation');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ACTOR_ROLES_KEY, targets);
    if (roles && !actorHasRole(actor, roles)) {
      throw new AppError('AUTH.FORBIDDEN', `This needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
