// How long a portal session lives: across access-token refreshes (tokens here live 4 s, so every
// request refreshes), until its idle and absolute limits, and the live stream on its cookie.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventDataOf } from '#contracts';
import { eventually } from '#testing';
import { SessionStore } from '../../apps/gateway/src/portal/session-store.js';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import { DEMO_USER_ADVISOR } from '../../apps/partners/src/demo/demo-users.js';
import { portalLogin } from '../support/portal-login.js';
import { SseClient } from '../support/sse-client.js';
import { emitEvent, json, startSystem, type RunningSystem } from '../support/system.js';

const TOKEN_TTL_S = 4;

describe('The lifetime of a portal session', () => {
  let system: RunningSystem;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    system = await startSystem({ accessTokenTtlSeconds: TOKEN_TTL_S, gateway: { streamRecheckMs: 1000 } });
  });

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await system?.stop();
  });

  /** A gateway replica whose sessions end sooner. */
  const replicaWith = (limits: { sessionIdleMs?: number; sessionMaxMs?: number }) =>
    system.addGateway({ portal: { ...system.gatewayConfig.portal, ...limits } });

  const sent = () =>
    ({
      referralId: randomUUID(),
      sendingOrganisationId: DEMO_ORG_MONI,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      senderUserId: DEMO_USER_ADVISOR,
      assigneeUserId: null,
      need: 'employment',
      urgency: 'routine',
      serviceId: null,
    }) satisfies EventDataOf<'events.referrals.referral.sent'>;

  it('keeps the live stream on the cookie open across token expiry and refresh, and closes it at logout', async () => {
    const login = await portalLogin(system.gatewayUrl, 'advisor');
    const refreshes = system.idp.grantCount('refresh_token');
    const stream = await SseClient.open(system.gatewayUrl, null, { Cookie: login.cookie });
    clients.push(stream);
    expect(stream.status).toBe(200);
    await stream.ready();

    // Past the access token's lifetime: a bearer stream would have been closed by now.
    await sleep((TOKEN_TTL_S + 1.5) * 1000);
    expect(stream.endedAt).toBeNull();
    expect((await login.request('GET', '/api/v1/me')).status).toBe(200);
    expect(system.idp.grantCount('refresh_token')).toBeGreaterThan(refreshes);

    const event = await emitEvent(system, 'events.referrals.referral.sent', sent());
    await eventually(() => expect(stream.about(event.data.referralId)).toHaveLength(1));
    expect(stream.endedAt).toBeNull();

    expect((await login.request('POST', '/auth/logout')).status).toBe(200);
    await eventually(() => expect(stream.endedAt).not.toBeNull());
  });

  it('refuses a stream on a cookie whose session has ended (401)', async () => {
    const stream = await SseClient.open(system.gatewayUrl, null, {
      Cookie: `moni_session=${'A'.repeat(43)}`,
    });
    expect(stream.status).toBe(401);
  });

  it('ends a session after the idle limit, and a used one lives on', async () => {
    // Limits wide enough for a loaded machine: a request every 0.5 s keeps a 4 s idle limit far away.
    const idleMs = 4000;
    const replica = await replicaWith({ sessionIdleMs: idleMs });
    const used = await portalLogin(system.gatewayUrl, 'employment');
    const idle = await portalLogin(system.gatewayUrl, 'kela');
    const idleSince = Date.now();
    while (Date.now() - idleSince < idleMs + 1000) {
      expect((await used.request('GET', '/api/v1/me', undefined, replica.url)).status).toBe(200);
      await sleep(500);
    }
    // Over the idle limit since kela's last request.
    const expired = await idle.request('GET', '/api/v1/me', undefined, replica.url);
    expect(expired.status).toBe(401);
    expect(await json(expired)).toMatchObject({ code: 'AUTH.TOKEN_MISSING' });
    // Gone for every replica, whatever its limits.
    expect((await idle.request('GET', '/auth/session')).status).toBe(401);

    expect((await used.request('GET', '/auth/session', undefined, replica.url)).status).toBe(200);
    await sleep(idleMs + 500);
    expect((await used.request('GET', '/api/v1/me', undefined, replica.url)).status).toBe(401);
  });

  it('does not count GET /auth/session?touch=false as activity', async () => {
    const replica = await replicaWith({ sessionIdleMs: 3000 });
    const login = await portalLogin(system.gatewayUrl, 'moni-admin');
    const first = await json(await login.request('GET', '/auth/session?touch=false', undefined, replica.url));
    const endsAt = Date.parse(first.expiresAt);
    for (let i = 0; i < 3; i++) {
      await sleep(300);
      const res = await login.request('GET', '/auth/session?touch=false', undefined, replica.url);
      expect(res.status).toBe(200);
      expect((await json(res)).expiresAt).toBe(first.expiresAt);
    }
    await sleep(Math.max(0, endsAt - Date.now()) + 200);
    expect((await login.request('GET', '/auth/session?touch=false', undefined, replica.url)).status).toBe(
      401,
    );
  });

  it('ends a session at the absolute limit however much it is used', async () => {
    const replica = await replicaWith({ sessionMaxMs: 3000 });
    const before = Date.now();
    const login = await portalLogin(system.gatewayUrl, 'redcross');
    const after = Date.now();
    const session = await json(await login.request('GET', '/auth/session', undefined, replica.url));
    expect(Date.parse(session.expiresAt)).toBeLessThanOrEqual(after + 3000);
    // The page is told which limit comes first: here the absolute one, well before the idle one.
    expect(session.absoluteExpiresAt).toBe(session.expiresAt);
    expect(Date.parse(session.idleExpiresAt)).toBeGreaterThan(Date.parse(session.absoluteExpiresAt));

    let endedAt: number | null = null;
    while (endedAt === null && Date.now() - before < 12_000) {
      const res = await login.request('GET', '/api/v1/me', undefined, replica.url);
      if (res.status === 401) {
        endedAt = Date.now();
      } else {
        expect(res.status).toBe(200);
        await sleep(250);
      }
    }
    expect(endedAt).not.toBeNull();
    expect(endedAt! - before).toBeGreaterThanOrEqual(3000);
    // Ends at the limit, give or take a loaded machine’s request time.
    expect(endedAt! - after).toBeLessThan(3000 + 4000);
  });

  it('ends the session when the identity provider refuses the refresh (401, not 500)', async () => {
    const login = await portalLogin(system.gatewayUrl, 'advisor2');
    const { refreshToken } = (await system.gateway.get(SessionStore).load(login.sessionId))!.session;
    const revoke = await fetch(`${system.idp.issuer}/protocol/openid-connect/revoke`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('moni-portal:moni-portal-dev-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ token: refreshToken!, token_type_hint: 'refresh_token' }),
    });
    expect(revoke.status).toBe(200);
    // Tokens live 4 s: the next request needs a refresh, which the IdP now refuses.
    const res = await login.request('GET', '/api/v1/me');
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ code: 'AUTH.TOKEN_MISSING' });
    expect(await system.gateway.get(SessionStore).load(login.sessionId)).toBeNull();
  });
});
