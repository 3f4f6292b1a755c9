// Who is acting, and the one policy every service applies to it: the request context type, the
// platform-admin check, and what a missing or system actor may do.
import { SYSTEM_ACTOR, type Actor } from './envelope.js';
import { AppError } from './errors.js';

/** A service call as it arrives (actor not yet checked), or, with `Actor`, after the check. */
export interface RequestContext<A extends Actor | null = Actor | null> {
  actor: A;
  correlationId: string;
}

/** A call whose actor has passed `requireActor`. */
export type ActorContext = RequestContext<Actor>;

export function isSystemActor(actor: Actor | null): boolean {
  return actor?.userId === SYSTEM_ACTOR.userId;
}

/** A platform administrator: acting as one (the role) or holding the realm role in the token. */
export function isPlatformAdmin(
  actor: { role?: string | null; realmRoles: readonly string[] } | null,
): boolean {
  return actor !== null && (actor.role === 'platform_admin' || actor.realmRoles.includes('platform_admin'));
}

/**
 * Who may call a subject: `user` (the default) a signed-in user only; `user_or_system` also the
 * system's jobs and consumers; `system` only them. The system is the actor a job or consumer puts in
 * the envelope itself (SYSTEM_ACTOR): nothing is ever read as the system for lack of an actor.
 */
export type ActorPolicy = 'user' | 'user_or_system' | 'system';

/** The actor the policy allows, else 403 AUTH.FORBIDDEN; a missing actor is always refused. */
export function requireActor(actor: Actor | null, policy: ActorPolicy = 'user'): Actor {
  if (actor === null) {
    throw new AppError('AUTH.FORBIDDEN', 'The request has no actor');
  }
  const system = isSystemActor(actor);
  if (policy === 'user' && system) {
    throw new AppError('AUTH.FORBIDDEN', 'The request has no user actor');
  }
  if (policy === 'system' && !system) {
    throw new AppError('AUTH.FORBIDDEN', 'Only the system may ask this');
  }
  return actor;
}
