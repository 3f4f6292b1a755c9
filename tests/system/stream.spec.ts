import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadGatewayConfig } from '#config';
import type { Actor, EventDataOf, EventType } from '#contracts';
import { eventually, passwordGrant } from '#testing';
import { createGateway } from '../../apps/gateway/src/bootstrap.js';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
} from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_USER_ADVISOR, DEMO_USER_EMPLOYMENT } from '../../apps/partners/src/demo/demo-users.js';
import { SseClient } from '../support/sse-client.js';
import { apiAs, emitEvent, json, startSystem, type RunningSystem } from '../support/system.js';

describe('GET /api/v1/stream (live updates)', () => {
  let system: RunningSystem;
  let secondGateway: INestApplication;
  let secondUrl: string;
  const tokens: Record<string, string> = {};
  const clients: SseClient[] = [];

  const open = async (
    user: string | null,
    headers: Record<string, string> = {},
    baseUrl = system.gatewayUrl,
  ) => {
    const client = await SseClient.open(baseUrl, user ? tokens[user] : null, headers);
    clients.push(client);
    return client;
  };

  /** Commits an event through a running service's outbox, as the referrals service does. */
  const emit = <E extends EventType>(type: E, data: EventDataOf<E>, actor: Actor | null = null) =>
    emitEvent(system, type, data, { actor });

  const sent = (receivingOrganisationId = DEMO_ORG_EMPLOYMENT) =>
    ({
      referralId: randomUUID(),
      sendingOrganisationId: DEMO_ORG_MONI,
      receivingOrganisationId,
      senderUserId: DEMO_USER_ADVISOR,
      assigneeUserId: null,
      need: 'employment',
      urgency: 'routine',
      serviceId: null,
    }) satisfies EventDataOf<'events.referrals.referral.sent'>;

  beforeAll(async () => {
    system = await startSystem();
    for (const user of ['advisor', 'employment', 'kela']) {
      tokens[user] = await passwordGrant(system.idp.baseUrl, user);
    }
    // A second replica of the gateway on the same NATS: each follows the events itself.
    secondGateway = await createGateway(loadGatewayConfig({ ...system.env, PORT: '0' }));
    await secondGateway.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(secondGateway.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await secondGateway?.close();
    await system?.stop();
  });

  it('refuses a caller without a token (401) and a Last-Event-ID that is not one (400)', async () => {
    expect((await open(null)).status).toBe(401);
    const res = await fetch(`${system.gatewayUrl}/api/v1/stream`, {
      headers: { Authorization: `Bearer ${tokens.employment}`, 'Last-Event-ID': 'yesterday' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION.FAILED',
      details: [{ field: 'Last-Event-ID' }],
    });
  });

  it('pushes a new referral within a second to both organisations, on every replica, and not to an unrelated one', async () => {
    const employment = await open('employment');
    const advisor = await open('advisor');
    const kela = await open('kela');
    const employmentOnSecond = await open('employment', {}, secondUrl);
    await Promise.all([employment, advisor, kela, employmentOnSecond].map((c) => c.ready()));

    const event = await emit('events.referrals.referral.sent', sent());
    const committedAt = Date.now();
    for (const client of [employment, advisor, employmentOnSecond]) {
      const [received] = await eventually(() => {
        const found = client.about(event.data.referralId);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(received.receivedAt - committedAt).toBeLessThan(1000);
      expect(Number(received.id)).toBeGreaterThan(0);
      expect(received.data).toEqual({
        type: 'events.referrals.referral.sent',
        eventId: event.id,
        occurredAt: event.occurredAt,
        data: event.data,
      });
    }

    // Kela sees the next referral addressed to it, and never saw the first.
    const toKela = await emit('events.referrals.referral.sent', sent(DEMO_ORG_KELA));
    await eventually(() => expect(kela.about(toKela.data.referralId)).toHaveLength(1));
    expect(kela.about(event.data.referralId)).toHaveLength(0);
    expect(employment.about(toKela.data.referralId)).toHaveLength(0);
  });

  it('pushes a referral sent through the gateway to the receiver within a second, on the other replica too', async () => {
    const employment = await open('employment', {}, secondUrl);
    const kela = await open('kela');
    await Promise.all([employment.ready(), kela.ready()]);
    const advisor = apiAs(system, tokens.advisor);
    const client = await json(
      await advisor.post('/api/v1/clients', {
        firstName: 'Amina',
        lastName: 'Stream',
        languages: ['so'],
        preferredLanguage: 'so',
        confirmDuplicate: true,
      }),
    );
    expect(
      (
        await advisor.post(`/api/v1/clients/${client.id}/consents`, {
          recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
          categories: ['identity'],
          purposes: ['referral'],
          method: 'verbal',
          givenBy: 'client',
          noticeVersion: '2025-1',
          noticeLanguage: 'fi',
          interpreterUsed: false,
        })
      ).status,
    ).toBe(201);
    const res = await advisor.post('/api/v1/referrals', {
      clientId: client.id,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Has a forklift licence',
      urgency: 'routine',
      categories: ['identity'],
      send: true,
    });
    const answeredAt = Date.now();
    expect(res.status).toBe(201);
    const referral = await json(res);
    const [received] = await eventually(() => {
      const found = employment.about(referral.id);
      expect(found.map((e) => e.data.type)).toContain('events.referrals.referral.sent');
      return found;
    });
    expect(received.receivedAt - answeredAt).toBeLessThan(1000);
    // And the in-app notification of it (before the next test opens its connections).
    await eventually(() =>
      expect(
        employment.ofType('events.notifications.notification.created').map((e) => e.data.data?.referralId),
      ).toContain(referral.id),
    );
    expect(JSON.stringify(employment.events)).not.toMatch(/Amina|Stream|forklift/);
    expect(kela.about(referral.id)).toHaveLength(0);
  });

  it('pushes the user’s own new notifications, and nobody else’s', async () => {
    const employment = await open('employment');
    const advisor = await open('advisor');
    await Promise.all([employment.ready(), advisor.ready()]);
    const event = await emit('events.referrals.referral.sent', sent());
    // Only this event's notification (one of an earlier test may still arrive on the new connection).
    const [created] = await eventually(() => {
      const found = employment
        .ofType('events.notifications.notification.created')
        .filter((e) => e.data.data?.referralId === event.data.referralId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(created.data.data).toMatchObject({
      userId: DEMO_USER_EMPLOYMENT,
      kind: 'referral.sent',
      referralId: event.data.referralId,
    });
    expect(advisor.ofType('events.notifications.notification.created')).toHaveLength(0);
  });

  it('resumes after a reconnect with Last-Event-ID: what was missed first, only what the user may see, then live', async () => {
    const first = await open('employment');
    // The sending side sees every event below: once it has them, they are in the stream.
    const sender = await open('advisor');
    await Promise.all([first.ready(), sender.ready()]);
    const before = await emit('events.referrals.referral.sent', sent());
    const seen = await eventually(() => {
      const [e] = first.about(before.data.referralId);
      expect(e).toBeDefined();
      return e;
    });
    first.close();

    const missed = await emit('events.referrals.referral.status_changed', {
      ...sent(),
      referralId: before.data.referralId,
      from: 'requested',
      to: 'cancelled',
      reasonCode: 'client_request',
      outcomeCode: null,
      actorUserId: DEMO_USER_ADVISOR,
    });
    const notForThem = await emit('events.referrals.referral.sent', sent(DEMO_ORG_KELA));
    // Committed is not yet relayed: reconnecting before the relay would make `missed` a live event.
    await eventually(() => {
      expect(sender.about(before.data.referralId).map((e) => e.data.eventId)).toContain(missed.id);
      expect(sender.about(notForThem.data.referralId)).toHaveLength(1);
    });

    const again = await open('employment', { 'Last-Event-ID': seen.id! });
    const ready = await again.ready();
    const replayed = again.about(before.data.referralId);
    expect(replayed.map((e) => e.data.eventId)).toEqual([missed.id]);
    // Replayed before `ready`, in stream order.
    expect(again.events.indexOf(replayed[0])).toBeLessThan(again.events.indexOf(ready));
    expect(again.about(notForThem.data.referralId)).toHaveLength(0);

    const live = await emit('events.referrals.referral.sent', sent());
    await eventually(() => expect(again.about(live.data.referralId)).toHaveLength(1));
    expect(again.about(before.data.referralId)).toHaveLength(1);
  });

  it('tells the client to reload when the Last-Event-ID is not a position of the stream', async () => {
    const client = await open('employment', { 'Last-Event-ID': '999999999' });
    await client.ready();
    expect(client.events.slice(0, 2).map((e) => e.event)).toEqual(['reset', 'ready']);
  });
});
