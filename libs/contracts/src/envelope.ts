import type { Role } from './roles.js';

/** Who is acting: filled by the gateway from the verified token, never by the caller. */
export interface Actor {
  userId: string;
  username: string | null;
  /** The organisation the request is bound to (null until memberships are resolved). */
  organisationId: string | null;
  /** The role in that organisation (or the realm role when no organisation applies). */
  role: Role | null;
  /** Realm roles from the token. */
  realmRoles: Role[];
  /** The token's e-mail when verified, lower-cased (so a service can refuse an invitation to oneself). */
  email?: string | null;
  /** The token's `name` (the person's name as they signed in): what others see of an author. */
  name?: string | null;
}

/** The system itself (scheduled jobs, event consumers). */
export const SYSTEM_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  organisationId: null,
  role: null,
  realmRoles: [],
};

/** Every request, reply and event on NATS travels in one of these. */
export interface Envelope<T> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  correlationId: string;
  /** Commands carry one so that a retried request does not run twice. */
  idempotencyKey?: string;
  actor: Actor | null;
  data: T;
}
