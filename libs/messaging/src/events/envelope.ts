import { randomUUID } from 'node:crypto';
import {
  EVENTS_SUBJECT_PREFIX,
  isRole,
  type Envelope,
  type EventDataOf,
  type EventType,
  type RequestContext,
} from '#contracts';

export type EventEnvelope<E extends EventType = EventType> = Envelope<EventDataOf<E>> & { type: E };

export type EventContext = RequestContext;

export interface CreateEnvelopeOptions extends EventContext {
  id?: string;
  occurredAt?: Date;
  version?: number;
}

export function createEventEnvelope<E extends EventType>(
  type: E,
  data: EventDataOf<E>,
  options: CreateEnvelopeOptions,
): EventEnvelope<E> {
  return {
    id: options.id ?? randomUUID(),
    type,
    version: options.version ?? 1,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    correlationId: options.correlationId,
    actor: withoutEmail(options.actor),
    data,
  };
}

/** Events carry ids and codes only: the actor's e-mail (set on requests for the rules) never goes in. */
function withoutEmail(actor: CreateEnvelopeOptions['actor']): CreateEnvelopeOptions['actor'] {
  if (!actor || actor.email === undefined) {
    return actor;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { email, ...rest } = actor;
  return rest;
}

export type ParsedEnvelope = { ok: true; envelope: Envelope<unknown> } | { ok: false; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isTextOrNull = (value: unknown): boolean => value === null || isText(value);

// Errors name the field, never its value: a malformed message may carry personal data.
function actorError(actor: unknown): string | null {
  if (actor === null) {
    return null;
  }
  if (!isObject(actor)) {
    return 'actor must be an object or null';
  }
  if (!isText(actor.userId)) {
    return 'actor.userId must be a non-empty string';
  }
  if (!isTextOrNull(actor.username) || !isTextOrNull(actor.organisationId)) {
    return 'actor.username and actor.organisationId must be strings or null';
  }
  if (actor.role !== null && !isRole(actor.role)) {
    return 'actor.role must be a known role or null';
  }
  if (!Array.isArray(actor.realmRoles) || !actor.realmRoles.every(isRole)) {
    return 'actor.realmRoles must be a list of known roles';
  }
  return null;
}

function envelopeError(value: unknown): string | null {
  if (!isObject(value)) {
    return 'envelope must be a JSON object';
  }
  if (typeof value.id !== 'string' || !UUID.test(value.id)) {
    return 'id must be a uuid';
  }
  if (!isText(value.type) || !value.type.startsWith(`${EVENTS_SUBJECT_PREFIX}.`)) {
    return `type must be an event type (${EVENTS_SUBJECT_PREFIX}.<service>.<resource>.<event>)`;
  }
  if (!Number.isInteger(value.version) || (value.version as number) < 1) {
    return 'version must be a positive integer';
  }
  if (!isText(value.occurredAt) || Number.isNaN(Date.parse(value.occurredAt))) {
    return 'occurredAt must be an ISO date-time';
  }
  if (!isText(value.correlationId)) {
    return 'correlationId must be a non-empty string';
  }
  if (value.idempotencyKey !== undefined && !isText(value.idempotencyKey)) {
    return 'idempotencyKey must be a non-empty string when present';
  }
  if (!isObject(value.data)) {
    return 'data must be an object';
  }
  return actorError(value.actor);
}

/** Checks a received message's envelope before anything acts on it. */
export function parseEnvelope(raw: Uint8Array | string): ParsedEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  const error = envelopeError(value);
  return error === null ? { ok: true, envelope: value as Envelope<unknown> } : { ok: false, error };
}
