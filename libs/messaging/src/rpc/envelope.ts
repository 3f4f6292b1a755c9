import { randomUUID } from 'node:crypto';
import type { Envelope, RequestContext } from '#contracts';

/** A request's context, and the command's idempotency key when it has one. */
export interface MessageContext extends RequestContext {
  idempotencyKey?: string;
}

export function createEnvelope<T>(type: string, data: T, context: MessageContext, version = 1): Envelope<T> {
  const envelope: Envelope<T> = {
    id: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    correlationId: context.correlationId,
    actor: context.actor,
    data,
  };
  if (context.idempotencyKey !== undefined) {
    envelope.idempotencyKey = context.idempotencyKey;
  }
  return envelope;
}

/** A received message is untrusted input until this says it has the envelope's shape. */
export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<Envelope<unknown>>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.type === 'string' &&
    typeof candidate.correlationId === 'string' &&
    typeof candidate.occurredAt === 'string' &&
    'data' in candidate &&
    (candidate.actor === null || typeof candidate.actor === 'object')
  );
}
