import { headers } from '@nats-io/nats-core';
import { DeadLetterHeaders, deadLetterHeaders, type DeadLetterInfo } from './dead-letter.js';

const info: DeadLetterInfo = {
  consumer: 'notifications',
  stream: 'MONI_EVENTS',
  subject: 'events.clients.consent.withdrawn',
  streamSequence: 42,
  deliveryCount: 5,
  eventId: '6f1c2a52-4d0c-4c53-9d7e-0c1b1d0a9b11',
  eventType: 'events.clients.consent.withdrawn',
  reason: 'Error: boom\nat line 2',
};

describe(deadLetterHeaders.name, () => {
  it('records where the message came from, how often it was tried and why it failed', () => {
    const h = deadLetterHeaders(info, undefined, new Date('2025-01-02T03:04:05.000Z'));

    expect(h.get(DeadLetterHeaders.Consumer)).toBe('notifications');
    expect(h.get(DeadLetterHeaders.Stream)).toBe('MONI_EVENTS');
    expect(h.get(DeadLetterHeaders.Subject)).toBe('events.clients.consent.withdrawn');
    expect(h.get(DeadLetterHeaders.StreamSequence)).toBe('42');
    expect(h.get(DeadLetterHeaders.DeliveryCount)).toBe('5');
    expect(h.get(DeadLetterHeaders.EventId)).toBe(info.eventId);
    expect(h.get(DeadLetterHeaders.DeadLetteredAt)).toBe('2025-01-02T03:04:05.000Z');
  });

  it('keeps the reason on one line', () => {
    expect(deadLetterHeaders(info, undefined).get(DeadLetterHeaders.Reason)).toBe('Error: boom at line 2');
  });

  it('carries the original headers over, except the Nats-Msg-Id of the original', () => {
    const original = headers();
    original.set('Moni-Correlation-Id', 'corr-1');
    original.set('Nats-Msg-Id', info.eventId ?? '');

    const h = deadLetterHeaders(info, original);

    expect(h.get('Moni-Correlation-Id')).toBe('corr-1');
    expect(h.has('Nats-Msg-Id')).toBe(false);
  });

  it('leaves out the event id and type of a message that was not an envelope', () => {
    const h = deadLetterHeaders({ ...info, eventId: null, eventType: null }, undefined);

    expect(h.has(DeadLetterHeaders.EventId)).toBe(false);
    expect(h.has(DeadLetterHeaders.EventType)).toBe(false);
  });
});
