// Issue 14: JetStream replicated. Three nats-servers form a cluster; the streams and the durable
// consumer have three replicas (EVENTS_STREAM_REPLICAS=3 in the chart and compose). Under a load of
// outbox publishes, the node leading the events stream is killed: every event still arrives once.
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { eventually, uniqueSuffix, type TestDatabase } from '#testing';
import { ensureStreams, EventConsumer, OutboxRelay } from '../src/index.js';
import {
  commitProbes,
  countEffects,
  createMessagingDatabase,
  fastTimings,
  outboxState,
  recordingHandlers,
  testNames,
} from './support/events-harness.js';
import { NatsCluster } from './support/nats-cluster.js';

const names = testNames();
const REPLICAS = 3;
const EVENTS = 300;
const BATCH = 5;
const DURABLE = 'cluster';

describe('JetStream with three replicas when a node goes away under load', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let cluster: NatsCluster;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let relay: OutboxRelay;
  let consumer: EventConsumer;

  beforeAll(async () => {
    ({ db, dataSource } = await createMessagingDatabase('messaging_cluster'));
    cluster = await NatsCluster.start(REPLICAS);
    nc = await connect({
      servers: cluster.urls,
      name: 'cluster-failover',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    // Until the cluster has elected its meta leader, JetStream answers with errors.
    jsm = await eventually(() => jetstreamManager(nc), { timeoutMs: 20_000, intervalMs: 250 });
    await eventually(() => ensureStreams(jsm, { ...names, duplicateWindowMs: 60_000, replicas: REPLICAS }), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    relay = new OutboxRelay({ dataSource, nc, name: 'cluster', ...fastTimings.relay });
    consumer = new EventConsumer({
      nc,
      dataSource,
      stream: names.eventsStream,
      durable: DURABLE,
      handlers: recordingHandlers(DURABLE),
      subjectPrefix: names.subjectPrefix,
      deadLetterSubjectPrefix: names.deadLetterSubjectPrefix,
      replicas: REPLICAS,
      ...fastTimings.consumer,
    });
    relay.start();
    await consumer.start();
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await nc?.close();
    await cluster?.dispose();
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  it('creates the streams and the durable consumer with three replicas', async () => {
    for (const stream of [names.eventsStream, names.deadLetterStream]) {
      const info = await jsm.streams.info(stream);
      expect(info.config.num_replicas).toBe(REPLICAS);
      // The leader plus two followers, on the three different servers.
      expect(info.cluster?.replicas).toHaveLength(REPLICAS - 1);
    }
    const durable = await jsm.consumers.info(names.eventsStream, DURABLE);
    expect(durable.config.num_replicas).toBe(REPLICAS);
    expect(durable.cluster?.replicas).toHaveLength(REPLICAS - 1);
  });

  it('loses and duplicates nothing when the stream leader is killed mid-load', async () => {
    const probeId = `failover-${uniqueSuffix()}`;
    // The load: events committed through the outbox in small batches, still going when the node dies.
    let committed = 0;
    const load = (async () => {
      for (let batch = 0; batch < EVENTS / BATCH; batch += 1) {
        await commitProbes(dataSource, names, probeId, BATCH, BATCH, batch * BATCH);
        committed += BATCH;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // Some events are through the relay and the consumer when the leader dies.
    await eventually(async () => expect((await countEffects(dataSource, probeId)).rows).toBeGreaterThan(30), {
      timeoutMs: 20_000,
    });
    const { cluster: before } = await jsm.streams.info(names.eventsStream);
    const leader = cluster.nodeNamed(before!.leader!);
    await leader.kill('SIGKILL');
    expect(committed).toBeLessThan(EVENTS);
    await load;

    await eventually(
      async () => {
        expect(await outboxState(dataSource, probeId)).toEqual({
          total: EVENTS,
          unpublished: 0,
          failedAttempts: 0,
        });
        // Each event applied exactly once: as many rows as events, none twice.
        expect(await countEffects(dataSource, probeId)).toEqual({ rows: EVENTS, distinctEvents: EVENTS });
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    const after = await jsm.streams.info(names.eventsStream);
    // Another node leads now, and the stream holds each event once (the relay's retries deduplicated).
    expect(after.cluster?.leader).not.toBe(leader.name);
    expect(after.state.messages).toBe(EVENTS);
    await eventually(async () => {
      const durable = await jsm.consumers.info(names.eventsStream, DURABLE);
      expect({ pending: durable.num_pending, unacked: durable.num_ack_pending }).toEqual({
        pending: 0,
        unacked: 0,
      });
    });
  }, 90_000);
});
