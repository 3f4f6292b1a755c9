// Issue 12, item 5: NATS requires credentials, and each app may use only its own subjects. A
// nats-server of this file's own runs deploy/nats's configuration (auth.conf generated for this
// file's subject prefix); every app of the system connects as its own user.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { loadNatsClientSettings } from '#config';
import { ServiceClient } from '#messaging';
import { eventually, uniqueSuffix } from '#testing';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import { portalLogin } from '../support/portal-login.js';
import { emitEvent, json, loginAs, startSystem, type RunningSystem } from '../support/system.js';
import { SecuredNats, type NatsUser } from '../support/secured-nats.js';

const suffix = uniqueSuffix();
const AUTH = {
  subjectPrefix: `t${suffix}`,
  eventsStream: `T${suffix}_EVENTS`,
  deadLetterStream: `T${suffix}_DEAD_LETTER`,
};
const ns = (subject: string): string => `${AUTH.subjectPrefix}.${subject}`;

let nats: SecuredNats;
let system: RunningSystem;
const opened: NatsConnection[] = [];

async function connectAs(user: NatsUser): Promise<NatsConnection> {
  const nc = await nats.connectAs(user);
  opened.push(nc);
  return nc;
}

/** A typed request client that connects as `user` (what a compromised app could do). */
async function serviceClientAs(user: NatsUser): Promise<ServiceClient> {
  const client = new ServiceClient({
    natsUrl: nats.url,
    nats: loadNatsClientSettings(user, nats.envOf(user)),
    clientName: `forger-${user}`,
    timeoutMs: 1500,
    subjectPrefix: AUTH.subjectPrefix,
  });
  await client.connect();
  return client;
}

/**
 * Waits until the server's log names each subject in a permission violation: the log reaches this
 * process through a pipe, which can be later than the refusal reaches the client.
 */
function violationsNamed(...subjects: string[]): Promise<void> {
  return eventually(() => {
    const violations = nats.violations().join('\n');
    for (const subject of subjects) {
      expect(violations).toContain(subject);
    }
  });
}

const forgedAdvisor = {
  actor: {
    userId: randomUUID(),
    username: 'advisor',
    organisationId: DEMO_ORG_MONI,
    role: 'advisor' as const,
    realmRoles: [],
  },
  correlationId: `forged-${randomUUID()}`,
};

beforeAll(async () => {
  nats = await SecuredNats.start(AUTH);
  system = await startSystem({
    gateway: { rateLimitPerMinute: 100_000 },
    env: {
      NATS_URL: nats.url,
      NATS_SUBJECT_PREFIX: AUTH.subjectPrefix,
      EVENTS_STREAM: AUTH.eventsStream,
      DEAD_LETTER_STREAM: AUTH.deadLetterStream,
    },
    appEnv: (app) => nats.envOf(app),
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((nc) => nc.close().catch(() => undefined)));
  await system?.stop();
  await nats?.stop();
});

describe('NATS with credentials', () => {
  it('refuses anonymous connections and wrong passwords', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/authorization/i);
    await expect(nats.connectAs('clients', 'not-the-password')).rejects.toThrow(/authorization/i);
    await expect(nats.connectAs('clients')).resolves.toBeDefined();
  });

  it('logs a portal user in: the gateway keeps its sessions in NATS KV with its own credentials', async () => {
    const login = await portalLogin(system.gatewayUrl, 'advisor');
    const me = await login.request('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect((await json(me)).username).toBe('advisor');
    const logout = await login.request('POST', '/auth/logout');
    expect(logout.status).toBe(200);
    expect((await login.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('runs the closed loop end to end: referral sent, opened by the partner, accepted, notified', async () => {
    const advisor = await loginAs(system, 'advisor');
    const employment = await loginAs(system, 'employment');
    const client = await advisor.post('/api/v1/clients', {
      firstName: 'Amina',
      lastName: 'Secure',
      dateOfBirth: '1990-05-17',
      languages: ['fi'],
      preferredLanguage: 'fi',
      needs: [{ category: 'employment', description: 'Looking for work' }],
      confirmDuplicate: true,
    });
    expect(client.status).toBe(201);
    const clientId = (await json(client)).id as string;
    const consent = await advisor.post(`/api/v1/clients/${clientId}/consents`, {
      purposes: ['referral', 'follow_up'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2025-1',
      noticeLanguage: 'fi',
      interpreterUsed: false,
      recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
      categories: ['identity', 'contact'],
    });
    expect(consent.status).toBe(201);

    const created = await advisor.post('/api/v1/referrals', {
      clientId,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Looking for warehouse work',
      urgency: 'routine',
      categories: ['identity', 'contact'],
      language: 'fi',
      interpreterNeeded: false,
      send: true,
    });
    expect(created.status).toBe(201);
    const referralId = (await json(created)).id as string;

    // The partner's notification travels through the outbox, JetStream and a durable consumer.
    await eventually(async () => {
      const page = await json(await employment.get('/api/v1/notifications'));
      expect(page.items.map((n: { referralId: string }) => n.referralId)).toContain(referralId);
    });
    const read = await employment.get(`/api/v1/referrals/${referralId}`);
    expect(read.status).toBe(200);
    expect(await json(read)).toMatchObject({
      status: 'received',
      sharedData: { identity: { lastName: 'Secure' } },
    });
    const accepted = await employment.post(
      `/api/v1/referrals/${referralId}/transitions`,
      { to: 'accepted' },
      { 'If-Match': read.headers.get('etag') ?? '' },
    );
    expect(accepted.status).toBe(200);
    expect((await json(accepted)).status).toBe('accepted');
    await eventually(async () => {
      const page = await json(await advisor.get('/api/v1/notifications'));
      expect(page.items.map((n: { referralId: string }) => n.referralId)).toContain(referralId);
    });
    // Nothing the system did on its own needed a permission it does not have.
    expect(nats.violations()).toEqual([]);
  });

  it('lets only the gateway send user requests: the clients service cannot call clients.client.export', async () => {
    const gateway = await serviceClientAs('gateway');
    const clients = await serviceClientAs('clients');
    try {
      const clientId = randomUUID();
      // The gateway's request is answered (with a refusal of this made-up client)...
      await expect(
        gateway.request('clients.client.export', { clientId }, forgedAdvisor),
      ).rejects.toMatchObject({
        code: 'RESOURCE.NOT_FOUND',
      });
      // ...the same request from the clients service's user never reaches anyone.
      await expect(
        clients.request('clients.client.export', { clientId }, forgedAdvisor),
      ).rejects.toMatchObject({
        code: 'SERVICE.UNAVAILABLE',
      });
      await violationsNamed(ns('clients.client.export'));
    } finally {
      await Promise.all([gateway.close(), clients.close()]);
    }
  });

  it('keeps each service to its own events: no forged consent withdrawals, audit checkpoints or purges', async () => {
    const referrals = await connectAs('referrals');
    const forged = jetstream(referrals).publish(
      ns('events.clients.consent.withdrawn'),
      JSON.stringify({ id: randomUUID(), type: 'events.clients.consent.withdrawn' }),
      { timeout: 1500 },
    );
    await expect(forged).rejects.toThrow();

    const gateway = await connectAs('gateway');
    await expect(
      jetstream(gateway).publish(ns('audit.anchor.forged'), '{}', { timeout: 1500 }),
    ).rejects.toThrow();

    const clients = await connectAs('clients');
    const clientsJsm = await jetstreamManager(clients, { timeout: 1500 });
    await expect(clientsJsm.streams.purge(AUTH.eventsStream)).rejects.toThrow();
    await expect(clientsJsm.streams.delete(`${AUTH.eventsStream}_AUDIT_ANCHOR`)).rejects.toThrow();

    // Nothing of it landed in the stream, and the server says why.
    const admin = await connectAs('admin');
    const adminJsm = await jetstreamManager(admin);
    await expect(
      adminJsm.streams.getMessage(AUTH.eventsStream, {
        last_by_subj: ns('events.clients.consent.withdrawn'),
      }),
    ).resolves.toBeNull();
    await violationsNamed(
      ns('events.clients.consent.withdrawn'),
      ns('audit.anchor.forged'),
      `$JS.API.STREAM.PURGE.${AUTH.eventsStream}`,
    );
  });

  it('records every audit entry under the service that published it, whatever the entry claims', async () => {
    const referrals = await connectAs('referrals');
    for (const subject of ['events.audit.entry.recorded.clients', 'events.audit.entry.recorded']) {
      await expect(jetstream(referrals).publish(ns(subject), '{}', { timeout: 1500 })).rejects.toThrow();
    }
    // Through its own outbox, an entry that names the clients service is the referrals service's.
    const targetId = randomUUID();
    await emitEvent(
      system,
      'events.audit.entry.recorded',
      {
        action: 'client.read',
        outcome: 'granted',
        targetType: 'client',
        targetId,
        organisationId: null,
        sourceService: 'clients',
      },
      { service: 'referrals' },
    );
    const admin = await loginAs(system, 'admin');
    await eventually(async () => {
      const page = await json(await admin.get('/api/v1/audit?action=client.read&limit=100'));
      const items = page.items as { targetId: string; sourceService: string }[];
      expect(items.find((item) => item.targetId === targetId)).toMatchObject({ sourceService: 'referrals' });
    });
    await violationsNamed(ns('events.audit.entry.recorded.clients'));
  });

  it('keeps every app off the other services’ durable consumers', async () => {
    const auditDurable = 'audit-log';
    const notificationsDurable = 'notifications_referrals_referral_sent';
    // The gateway follows the stream with consumers of its own, never a service's durable.
    const gateway = await connectAs('gateway');
    const stolen = await jetstream(gateway).consumers.get(AUTH.eventsStream, auditDurable);
    await expect(stolen.next({ expires: 1000 }).catch(() => null)).resolves.toBeNull();
    const gatewayJsm = await jetstreamManager(gateway, { timeout: 1500 });
    await expect(gatewayJsm.consumers.delete(AUTH.eventsStream, auditDurable)).rejects.toThrow();
    // A service cannot remove another's either.
    const referrals = await connectAs('referrals');
    const referralsJsm = await jetstreamManager(referrals, { timeout: 1500 });
    await expect(referralsJsm.consumers.delete(AUTH.eventsStream, notificationsDurable)).rejects.toThrow();

    const adminJsm = await jetstreamManager(await connectAs('admin'));
    for (const durable of [auditDurable, notificationsDurable]) {
      await expect(adminJsm.consumers.info(AUTH.eventsStream, durable)).resolves.toMatchObject({
        name: durable,
      });
    }
    await violationsNamed(
      `$JS.API.CONSUMER.MSG.NEXT.${AUTH.eventsStream}.${auditDurable}`,
      `$JS.API.CONSUMER.DELETE.${AUTH.eventsStream}.${notificationsDurable}`,
    );
  });

  it('lets no app listen to other apps’ replies or to another service’s requests', async () => {
    const referrals = await connectAs('referrals');
    for (const subject of ['_INBOX.>', '_INBOX.gateway.>', ns('clients.>')]) {
      const sub = referrals.subscribe(subject);
      await expect(sub.closed).resolves.toMatchObject({ name: 'PermissionViolationError' });
    }
    // Its own inbox is fine: a request it is allowed to make gets its reply there.
    const own = referrals.subscribe('_INBOX.referrals.probe');
    await referrals.flush();
    expect(own.isClosed()).toBe(false);
    own.unsubscribe();
  });
});
