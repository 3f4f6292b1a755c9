// Issue 12, item 8: floods through HTTP. Small limits keep the test fast; TRUST_PROXY=2 lets each
// test act from addresses of its own (X-Forwarded-For through a trusted proxy at 10.0.0.1).
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { loadGatewayConfig } from '#config';
import { createGateway } from '../../apps/gateway/src/bootstrap.js';
import { MAX_REPLAY } from '../../apps/gateway/src/stream/stream.hub.js';
import { eventually, passwordGrant, testNatsUrl } from '#testing';
import { SseClient } from '../support/sse-client.js';
import { apiAs, json, loginAs, startSystem, type RunningSystem } from '../support/system.js';

const PER_ADDRESS = 6;
const PER_USER = 12;
const STREAMS_PER_USER = 2;
const STREAMS_IN_ALL = 3;

let system: RunningSystem;
const streams: SseClient[] = [];

/** Requests as if from `address`, through the trusted proxy. */
const from = (address: string): Record<string, string> => ({ 'X-Forwarded-For': `${address}, 10.0.0.1` });
let addresses = 0;
/** An address no other request of this file used (so only the limit under test applies). */
const fresh = (): Record<string, string> => {
  addresses += 1;
  return from(`192.0.${2 + Math.floor(addresses / 250)}.${addresses % 250}`);
};

beforeAll(async () => {
  system = await startSystem({
    env: {
      TRUST_PROXY: '2',
      RATE_LIMIT_PER_MINUTE: String(PER_ADDRESS),
      RATE_LIMIT_PER_USER_PER_MINUTE: String(PER_USER),
      STREAM_MAX_PER_USER: String(STREAMS_PER_USER),
      STREAM_MAX_CONNECTIONS: String(STREAMS_IN_ALL),
      AUTH_FAILURE_AUDIT_WINDOW_MS: '300',
    },
  });
});

afterAll(async () => {
  streams.forEach((stream) => stream.close());
  await system?.stop();
});

describe('rate limits', () => {
  it('gives each caller behind the proxy a bucket of its own (TRUST_PROXY)', async () => {
    const anonymous = apiAs(system, null);
    const statuses = async (address: string, n: number) =>
      Promise.all(Array.from({ length: n }, () => anonymous.get('/api/v1/me', from(address)))).then((all) =>
        all.map((res) => res.status),
      );
    expect(await statuses('198.51.100.1', PER_ADDRESS)).toEqual(Array(PER_ADDRESS).fill(401));
    const over = await anonymous.get('/api/v1/me', from('198.51.100.1'));
    expect(over.status).toBe(429);
    expect(await json(over)).toMatchObject({ code: 'RATE.LIMITED' });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another caller through the same proxy is not held back by the first one's flood.
    expect(await statuses('198.51.100.2', 1)).toEqual([401]);
  });

  it('without TRUST_PROXY, trusts only a proxy on this machine: callers behind 10.0.0.1 share its bucket', async () => {
    const gateway = await createGateway(loadGatewayConfig({ ...system.env, TRUST_PROXY: '', PORT: '0' }));
    await gateway.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`;
      const get = (address: string) => fetch(`${url}/api/v1/me`, { headers: from(address) });
      for (let n = 0; n < PER_ADDRESS; n += 1) {
        expect((await get(`198.51.100.${n + 20}`)).status).toBe(401);
      }
      // A new caller, yet the same bucket: the untrusted proxy is all this gateway sees.
      expect((await get('198.51.100.99')).status).toBe(429);
    } finally {
      await gateway.close();
    }
  });

  it('limits each user after authentication, whatever address they use', async () => {
    const kela = await loginAs(system, 'kela');
    const answers = [];
    for (let n = 0; n < PER_USER; n += 1) {
      answers.push((await kela.get('/api/v1/me', from(`203.0.113.${n + 10}`))).status);
    }
    expect(answers).toEqual(Array(PER_USER).fill(200));
    const over = await kela.get('/api/v1/me', from('203.0.113.99'));
    expect(over.status).toBe(429);
    expect(await json(over)).toMatchObject({ code: 'RATE.LIMITED', correlationId: expect.any(String) });
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Someone else from that same address is fine.
    const redcross = await loginAs(system, 'redcross');
    expect((await redcross.get('/api/v1/me', from('203.0.113.99'))).status).toBe(200);
  });
});

describe('live-update streams', () => {
  const open = async (username: string, headers: Record<string, string> = {}) => {
    const token = await passwordGrant(system.idp.baseUrl, username);
    const client = await SseClient.open(system.gatewayUrl, token, { ...fresh(), ...headers });
    streams.push(client);
    return client;
  };

  it('caps the open streams per user and in all, with 429 and Retry-After, and frees a slot on close', async () => {
    const first = await open('advisor');
    const second = await open('advisor');
    await Promise.all([first.ready(), second.ready()]);
    const token = await passwordGrant(system.idp.baseUrl, 'advisor');
    const third = await fetch(`${system.gatewayUrl}/api/v1/stream`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...fresh() },
    });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await json(third)).toMatchObject({ code: 'RATE.LIMITED', correlationId: expect.any(String) });

    const other = await open('employment');
    await other.ready();
    // Three open in all: the limit of the replica, whoever asks.
    const fourth = await open('advisor2');
    expect(fourth.status).toBe(429);

    first.close();
    await eventually(
      async () => {
        const again = await open('advisor');
        expect(again.status).toBe(200);
        await again.ready();
        again.close();
      },
      { intervalMs: 500 },
    );
    [second, other].forEach((stream) => stream.close());
  });

  it(`replays at most ${MAX_REPLAY} missed events; further back, the client reloads`, async () => {
    expect(MAX_REPLAY).toBe(1000);
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const js = jetstream(nc);
      const subject = `${system.env.NATS_SUBJECT_PREFIX}.events.system.probe.recorded`;
      let last = 0;
      for (let batch = 0; batch < 11; batch += 1) {
        const acks = await Promise.all(
          Array.from({ length: 100 }, () => js.publish(subject, JSON.stringify({ id: randomUUID() }))),
        );
        last = Math.max(last, ...acks.map((ack) => ack.seq));
      }
      // The decision rests on the stream's state, known once the publishes are acknowledged.
      const within = await open('employment', { 'Last-Event-ID': String(last - MAX_REPLAY) });
      await within.ready();
      expect(within.events.map((e) => e.event)).not.toContain('reset');
      within.close();
      const beyond = await open('employment', { 'Last-Event-ID': String(last - MAX_REPLAY - 1) });
      await beyond.ready();
      expect(beyond.events.slice(0, 2).map((e) => e.event)).toEqual(['reset', 'ready']);
      beyond.close();
    } finally {
      await nc.close();
    }
  });
});

describe('failed authentications', () => {
  it('are written to the audit log once per address and window, with a count', async () => {
    const anonymous = apiAs(system, null);
    const [a, b] = ['100.64.0.7', '100.64.0.8'];
    const bad = { Authorization: 'Bearer not-a-token' };
    await Promise.all([
      ...Array.from({ length: 4 }, () => anonymous.get('/api/v1/clients', from(a))),
      anonymous.get('/api/v1/clients', { ...from(a), ...bad }),
      ...Array.from({ length: 2 }, () => anonymous.get('/api/v1/referrals', from(b))),
    ]);
    const admin = await loginAs(system, 'admin');
    const entries = await eventually(
      async () => {
        const page = await json(await admin.get('/api/v1/audit?action=auth.failed&limit=100', fresh()));
        const items = page.items as { targetId: string }[];
        const mine = items.filter((item) => [a, b].includes(item.targetId));
        expect(mine).toHaveLength(2);
        return mine;
      },
      { intervalMs: 1500 },
    );
    const of = (address: string) => entries.find((entry) => entry.targetId === address);
    expect(of(a)).toMatchObject({
      outcome: 'refused',
      actorUserId: null,
      targetType: 'address',
      detail: { count: 5, 'AUTH.TOKEN_MISSING': 4, 'AUTH.TOKEN_MALFORMED': 1 },
    });
    expect(of(b)).toMatchObject({ detail: { count: 2, 'AUTH.TOKEN_MISSING': 2 } });
  });
});
