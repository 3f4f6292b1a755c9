import { headers, type MsgHdrs } from '@nats-io/nats-core';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { toHeaderValue } from './headers.js';
import { deadLetterSubject } from './subjects.js';

/** What a dead letter records about its original, also passed to `onDeadLetter`. */
export interface DeadLetterInfo {
  consumer: string;
  stream: string;
  subject: string;
  streamSequence: number;
  deliveryCount: number;
  eventId: string | null;
  eventType: string | null;
  reason: string;
}

export const DeadLetterHeaders = {
  Consumer: 'Moni-Dlq-Consumer',
  Stream: 'Moni-Dlq-Stream',
  Subject: 'Moni-Dlq-Subject',
  StreamSequence: 'Moni-Dlq-Stream-Sequence',
  DeliveryCount: 'Moni-Dlq-Delivery-Count',
  EventId: 'Moni-Dlq-Event-Id',
  EventType: 'Moni-Dlq-Event-Type',
  Reason: 'Moni-Dlq-Reason',
  DeadLetteredAt: 'Moni-Dlq-At',
} as const;

export function deadLetterHeaders(
  info: DeadLetterInfo,
  original: JsMsg['headers'],
  now = new Date(),
): MsgHdrs {
  const h = headers();
  // Keep the original's own headers (correlation id, event type) for whoever replays it.
  for (const [key, values] of original ?? []) {
    if (!key.startsWith('Nats-')) {
      values.forEach((value) => h.append(key, value));
    }
  }
  h.set(DeadLetterHeaders.Consumer, info.consumer);
  h.set(DeadLetterHeaders.Stream, info.stream);
  h.set(DeadLetterHeaders.Subject, info.subject);
  h.set(DeadLetterHeaders.StreamSequence, String(info.streamSequence));
  h.set(DeadLetterHeaders.DeliveryCount, String(info.deliveryCount));
  if (info.eventId) {
    h.set(DeadLetterHeaders.EventId, info.eventId);
  }
  if (info.eventType) {
    h.set(DeadLetterHeaders.EventType, toHeaderValue(info.eventType));
  }
  h.set(DeadLetterHeaders.Reason, toHeaderValue(info.reason));
  h.set(DeadLetterHeaders.DeadLetteredAt, now.toISOString());
  return h;
}

/** What a consumer records about a message it parks: the original's place and its event, if readable. */
export function deadLetterInfoOf(
  consumer: string,
  msg: JsMsg,
  event: { id: string; type: string } | null,
  reason: string,
): DeadLetterInfo {
  return {
    consumer,
    stream: msg.info.stream,
    subject: msg.subject,
    streamSequence: msg.info.streamSequence,
    deliveryCount: msg.info.deliveryCount,
    eventId: event?.id ?? null,
    eventType: event?.type ?? null,
    reason,
  };
}

/** Parks the original bytes under deadletter.<consumer>.<original subject>, with the record in headers. */
export async function publishDeadLetter(
  js: JetStreamClient,
  prefix: string,
  info: DeadLetterInfo,
  msg: JsMsg,
  timeoutMs: number,
): Promise<void> {
  await js.publish(deadLetterSubject(prefix, info.consumer, msg.subject), msg.data, {
    // Idempotent per consumer and original: parking again after a lost term is a no-op.
    msgID: `${info.consumer}:${info.stream}:${info.streamSequence}`,
    headers: deadLetterHeaders(info, msg.headers),
    timeout: timeoutMs,
  });
}
