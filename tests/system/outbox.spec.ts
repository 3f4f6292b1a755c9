import { getDataSourceToken } from '@nestjs/typeorm';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { OutboxWriter, parseEnvelope } from '#messaging';
import { eventually, testNatsUrl } from '#testing';
import { startSystem, type RunningSystem } from '../support/system.js';

describe('a running service publishes its outbox to JetStream', () => {
  let system: RunningSystem;
  let nc: NatsConnection;

  beforeAll(async () => {
    system = await startSystem();
    nc = await connect({ servers: testNatsUrl() });
  });

  afterAll(async () => {
    await nc?.close();
    await system?.stop();
  });

  it('delivers an event committed in the service transaction, once, with the correlation id', async () => {
    const clients = system.services.get('clients')!;
    const dataSource = clients.get<DataSource>(getDataSourceToken());
    const writer = clients.get(OutboxWriter);
    const envelope = await dataSource.transaction((manager) =>
      writer.append(
        manager,
        'events.system.probe.recorded',
        { probeId: 'probe-1', sequence: 1 },
        { actor: null, correlationId: 'corr-outbox-0001' },
      ),
    );

    const streamName = system.env.EVENTS_STREAM;
    const jsm = await jetstreamManager(nc);
    const consumer = await jsm.consumers.add(streamName, { ack_policy: AckPolicy.Explicit });
    const messages = await (
      await jetstream(nc).consumers.get(streamName, consumer.name)
    ).fetch({
      max_messages: 10,
      expires: 3000,
    });
    const received = [];
    for await (const message of messages) {
      received.push(parseEnvelope(message.data));
      message.ack();
      if (received.length === 1) {
        break;
      }
    }
    expect(received).toEqual([
      {
        ok: true,
        envelope: expect.objectContaining({
          id: envelope.id,
          type: 'events.system.probe.recorded',
          correlationId: 'corr-outbox-0001',
          data: { probeId: 'probe-1', sequence: 1 },
        }),
      },
    ]);
    // The row is marked after the PubAck, which may come a moment after the consumer saw the event.
    await eventually(async () => {
      const [row] = await dataSource.query<{ published_at: Date | null }[]>(
        'SELECT published_at FROM clients.outbox WHERE id = $1',
        [envelope.id],
      );
      expect(row.published_at).not.toBeNull();
    });
  });
});
