import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { AppError, type Actor, type Role } from '#contracts';
import type { MessageContext } from '#messaging';
import { documentIdempotencyKey, idempotencyKeyOf } from './idempotency-key.js';
import { correlationIdOf, type GatewayRequest } from './request-context.js';

export type ActorRequest = GatewayRequest & { actor?: Actor };

export const ACTOR_ROLES_KEY = 'moni:actor:roles';

/**
 * The route needs the caller to act in one of these roles: the role of the organisation membership
 * the request is bound to (partners service), or platform_admin from the realm.
 */
export const ActorRoles = (...roles: [Role, ...Role[]]) => SetMetadata(ACTOR_ROLES_KEY, roles);

/**
 * Who is calling, the correlation id and, for commands, the client's Idempotency-Key: the context
 * every NATS request of the gateway carries.
 */
export const Caller = createParamDecorator(
  (_: unknown, context: ExecutionContext): MessageContext => {
    const request = context.switchToHttp().getRequest<ActorRequest>();
    if (!request.actor) {
      throw new AppError('AUTH.FORBIDDEN', 'The request is not bound to an organisation');
    }
    const caller: MessageContext = { actor: request.actor, correlationId: correlationIdOf(request) };
    const idempotencyKey = idempotencyKeyOf(request);
    if (idempotencyKey !== undefined) {
      caller.idempotencyKey = idempotencyKey;
    }
    return caller;
  },
  [documentIdempotencyKey],
);
