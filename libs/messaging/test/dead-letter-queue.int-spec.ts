import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { eventually, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { runDlqCommand, type DlqCommand } from '../../../scripts/dlq/command.js';
import {
  DeadLetterQueue,
  deadLetterSubject,
  ensureStreams,
  EventConsumer,
  type DeadLetterInfo,
  type EventEnvelope,
} from '../src/index.js';
import {
  connectNats,
  createMessagingDatabase,
  deleteTestStreams,
  fastTimings,
  probeEnvelope,
  publishEnvelope,
  recordEffect,
  recordingHandlers,
  SCHEMA,
  testNames,
} from './support/events-harness.js';

const names = testNames();
const FAILING = 'dlq_failing';
const OTHER = 'dlq_other';
// Short, so that a second replay of one dead letter gets past JetStream's dedupe and only the
// consumers' inboxes stand between it and a second effect.
const DUPLICATE_WINDOW_MS = 1_000;

describe(DeadLetterQueue.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let queue: DeadLetterQueue;
  let broken = true;
  const deadLetters: DeadLetterInfo[] = [];
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    ({ db, dataSource } = await createMessagingDatabase('messaging_dlq'));
    nc = await connectNats(testNatsUrl(), 'dlq-test');
    jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, { ...names, duplicateWindowMs: DUPLICATE_WINDOW_MS });
    queue = new DeadLetterQueue(jsm, jetstream(nc), {
      stream: names.deadLetterStream,
      deadLetterSubjectPrefix: names.deadLetterSubjectPrefix,
      eventsSubjectPrefix: names.subjectPrefix,
    });
    const common = {
      nc,
      dataSource,
      stream: names.eventsStream,
      subjectPrefix: names.subjectPrefix,
      deadLetterSubjectPrefix: names.deadLetterSubjectPrefix,
      ...fastTimings.consumer,
      maxDeliver: 3,
    };
    consumers.push(
      new EventConsumer({
        ...common,
        durable: FAILING,
        onDeadLetter: (info) => deadLetters.push(info),
        handlers: {
          'events.system.probe.recorded': async (event, manager) => {
            if (broken) {
              throw new Error('handler not fixed yet');
            }
            await recordEffect(manager, FAILING, event);
          },
        },
      }),
      new EventConsumer({ ...common, durable: OTHER, handlers: recordingHandlers(OTHER) }),
    );
    for (const consumer of consumers) {
      await consumer.start();
    }
  }, 30_000);

  afterAll(async () => {
    for (const consumer of consumers) {
      await consumer.stop();
    }
    if (nc) {
      await deleteTestStreams(nc, names);
      await nc.close();
    }
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  async function effects(event: EventEnvelope): Promise<Record<string, number>> {
    const rows = await dataSource.query<{ consumer: string; n: number }[]>(
      `SELECT consumer, count(*)::int AS n FROM ${SCHEMA}.effects WHERE event_id = $1 GROUP BY consumer`,
      [event.id],
    );
    return Object.fromEntries(rows.map((row) => [row.consumer, row.n]));
  }

  async function dlq(command: DlqCommand): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDlqCommand(
      queue,
      command,
      (line) => out.push(line),
      (line) => err.push(line),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** Publishes an event that FAILING cannot apply and waits until it is parked; returns its dead letter id. */
  async function deadLetter(event: EventEnvelope<'events.system.probe.recorded'>): Promise<number> {
    const before = deadLetters.length;
    await publishEnvelope(nc, names, event);
    await eventually(() => expect(deadLetters.length).toBe(before + 1), { timeoutMs: 20_000 });
    const letters = await queue.list();
    const letter = letters.find((l) => l.eventId === event.id);
    expect(letter).toBeDefined();
    return letter!.id;
  }

  it('lists and shows a dead-lettered event, replays it once the handler is fixed, and drops it', async () => {
    broken = true;
    const event = probeEnvelope(`dlq-${uniqueSuffix()}`, 1);
    const id = await deadLetter(event);
    // The other consumer applied it; the failing one applied nothing.
    await eventually(async () => expect(await effects(event)).toEqual({ [OTHER]: 1 }));

    const listed = await dlq({ kind: 'list', json: true });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toContainEqual(
      expect.objectContaining({
        id,
        consumer: FAILING,
        eventId: event.id,
        eventType: event.type,
        originalSubject: `${names.subjectPrefix}.system.probe.recorded`,
        deliveryCount: 3,
        reason: 'Error: handler not fixed yet',
      }),
    );
    const table = await dlq({ kind: 'list', json: false });
    expect(table.out).toMatch(
      new RegExp(`^${id}\\s+\\S+\\s+${FAILING}\\s+${event.type}\\s+${event.id}\\s+3\\s+`, 'm'),
    );

    const shown = await dlq({ kind: 'show', id });
    expect(shown.code).toBe(0);
    // The parked event exactly as published: ids and codes, nothing else.
    expect(JSON.parse(shown.out)).toMatchObject({ id, consumer: FAILING, body: event });

    broken = false;
    const first = await dlq({ kind: 'replay', ids: [id], keep: true });
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(`replayed dead letter ${id}: event ${event.id}`);
    await eventually(async () => expect(await effects(event)).toEqual({ [FAILING]: 1, [OTHER]: 1 }));

    // Again, past JetStream's duplicate window: both inboxes turn it into a no-op.
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS + 500));
    const duplicatesBefore = consumers.map((c) => c.counters.duplicates);
    const second = await dlq({ kind: 'replay', ids: [id], keep: true });
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch('already replayed');
    await eventually(() =>
      expect(consumers.map((c) => c.counters.duplicates)).toEqual(duplicatesBefore.map((n) => n + 1)),
    );
    expect(await effects(event)).toEqual({ [FAILING]: 1, [OTHER]: 1 });

    expect(await dlq({ kind: 'drop', id })).toMatchObject({ code: 0, out: `dropped dead letter ${id}` });
    expect((await queue.list()).map((l) => l.id)).not.toContain(id);
    expect(await dlq({ kind: 'show', id })).toMatchObject({ code: 1, err: `no dead letter ${id}` });
    expect(await dlq({ kind: 'drop', id })).toMatchObject({ code: 1, err: `no dead letter ${id}` });
    expect(await dlq({ kind: 'replay', ids: [id], keep: false })).toMatchObject({ code: 1 });
  }, 60_000);

  it('removes a replayed dead letter, and an event that fails again is parked again, not lost', async () => {
    broken = true;
    const event = probeEnvelope(`dlq-again-${uniqueSuffix()}`, 2);
    const id = await deadLetter(event);

    const before = deadLetters.length;
    const replayed = await dlq({ kind: 'replay', ids: 'all', keep: false });
    expect(replayed.code).toBe(0);
    expect(replayed.out).toMatch(`replayed dead letter ${id}: event ${event.id}`);
    expect(replayed.out).toMatch('dead letter removed');
    await eventually(() => expect(deadLetters.length).toBe(before + 1), { timeoutMs: 20_000 });
    const letters = await queue.list();
    expect(letters.map((l) => l.id)).not.toContain(id);
    const again = letters.find((l) => l.eventId === event.id);
    expect(again).toMatchObject({ consumer: FAILING, deliveryCount: 3 });

    broken = false;
    expect(await dlq({ kind: 'replay', ids: [again!.id], keep: false })).toMatchObject({ code: 0 });
    await eventually(async () => expect(await effects(event)).toEqual({ [FAILING]: 1, [OTHER]: 1 }));
    expect((await queue.list()).filter((l) => l.eventId === event.id)).toEqual([]);
  }, 60_000);

  it('refuses to replay what is not an event or is malformed, and keeps it', async () => {
    const js = jetstream(nc);
    // As the e-mail dispatcher parks a failed e-mail: delivery ids, no original subject.
    const email = headers();
    email.set('Moni-Dlq-Consumer', 'notifications-email');
    email.set('Moni-Dlq-Reason', 'SMTP 550');
    const emailAck = await js.publish(
      deadLetterSubject(names.deadLetterSubjectPrefix, 'notifications-email', 'email'),
      JSON.stringify({ deliveryIds: [uniqueSuffix()] }),
      { headers: email },
    );
    // A message that was parked because it was not an envelope, on an events subject.
    const malformed = headers();
    malformed.set('Moni-Dlq-Consumer', FAILING);
    malformed.set('Moni-Dlq-Subject', `${names.subjectPrefix}.system.probe.recorded`);
    malformed.set('Moni-Dlq-Reason', 'invalid envelope: not valid JSON');
    const malformedAck = await js.publish(
      deadLetterSubject(
        names.deadLetterSubjectPrefix,
        FAILING,
        `${names.subjectPrefix}.system.probe.recorded`,
      ),
      '{"id": "not json',
      { headers: malformed },
    );
    // A forged subject outside the events: never republished there.
    const foreign = headers();
    foreign.set('Moni-Dlq-Consumer', FAILING);
    foreign.set('Moni-Dlq-Subject', 'clients.client.get');
    const foreignAck = await js.publish(
      deadLetterSubject(names.deadLetterSubjectPrefix, FAILING, 'clients.client.get'),
      JSON.stringify(probeEnvelope('foreign', 1)),
      { headers: foreign },
    );

    expect(await dlq({ kind: 'replay', ids: [emailAck.seq], keep: false })).toEqual({
      code: 1,
      out: '',
      err: `dead letter ${emailAck.seq} (notifications-email) is not an event: it cannot be replayed, only dropped`,
    });
    expect(await dlq({ kind: 'replay', ids: [malformedAck.seq], keep: false })).toMatchObject({
      code: 1,
      err: `dead letter ${malformedAck.seq} is malformed (not valid JSON): drop it`,
    });
    expect(await dlq({ kind: 'replay', ids: [foreignAck.seq], keep: false })).toMatchObject({ code: 1 });
    const listed = await dlq({ kind: 'list', json: false });
    expect(listed.out).toMatch(
      new RegExp(`^${emailAck.seq}\\s.*notifications-email\\s+\\(not an event\\)`, 'm'),
    );
    expect((await queue.list()).map((l) => l.id)).toEqual(
      expect.arrayContaining([emailAck.seq, malformedAck.seq, foreignAck.seq]),
    );
  }, 30_000);
});
