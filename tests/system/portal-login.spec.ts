// The portal's login through the gateway (backend-for-frontend), through HTTP: the real flow
// against the dev identity provider, sessions in a real NATS KV bucket.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CookieJar,
  portalLogin,
  signInAtIdp,
  startPortalLogin,
  type PortalLogin,
} from '../support/portal-login.js';
import { json, startSystem, type RunningSystem } from '../support/system.js';
import { createHash } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { eventually, passwordGrant, testNatsUrl } from '#testing';
import { SessionStore, type PortalSession } from '../../apps/gateway/src/portal/session-store.js';
import { DEMO_ORG_EMPLOYMENT } from '../../apps/partners/src/demo/demo-organisations.js';

const TOKEN_FIELDS =
  /access_token|refresh_token|id_token|accessToken|refreshToken|idToken|eyJ[A-Za-z0-9_-]{10,}\./;

describe('The portal login through the gateway', () => {
  let system: RunningSystem;
  let portalDir: string;
  let advisor: PortalLogin;

  beforeAll(async () => {
    portalDir = mkdtempSync(join(tmpdir(), 'moni-portal-'));
    mkdirSync(join(portalDir, 'assets'));
    writeFileSync(
      join(portalDir, 'index.html'),
      '<!DOCTYPE html><html><body><div id="root">portal</div></body></html>',
    );
    writeFileSync(join(portalDir, 'assets', 'index-abc123.js'), 'console.log("portal");');
    system = await startSystem({ portalDir });
    advisor = await portalLogin(system.gatewayUrl, 'advisor', { returnTo: '/outbox?status=requested' });
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(portalDir, { recursive: true, force: true });
  });

  const url = (path: string) => `${system.gatewayUrl}${path}`;

  describe('login', () => {
    it('logs in through the identity provider and lands on returnTo with an HttpOnly session cookie', async () => {
      expect(advisor.landedOn).toBe(url('/outbox?status=requested'));
      expect(advisor.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const res = await fetch(url('/auth/session'), { headers: { Cookie: advisor.cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = await res.text();
      expect(text).not.toMatch(TOKEN_FIELDS);
      const body = JSON.parse(text);
      expect(body).toEqual({
        user: {
          userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          username: 'advisor',
          email: expect.stringContaining('@'),
          name: expect.any(String),
        },
        organisations: [{ id: expect.any(String), name: expect.any(Object), role: 'advisor' }],
        activeOrganisationId: body.organisations[0].id,
        role: 'advisor',
        realmRoles: ['advisor'],
        csrfToken: advisor.csrfToken,
        expiresAt: expect.any(String),
        idleExpiresAt: body.expiresAt,
        absoluteExpiresAt: expect.any(String),
      });
      const expiresIn = Date.parse(body.expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(29 * 60_000);
      expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);
      // The 10 h maximum, counted from the login a moment ago.
      const endsIn = Date.parse(body.absoluteExpiresAt) - Date.now();
      expect(endsIn).toBeGreaterThan(9.9 * 3_600_000);
      expect(endsIn).toBeLessThanOrEqual(10 * 3_600_000);
    });

    it('uses the session cookie on /api/v1 without a bearer token', async () => {
      const res = await advisor.request('GET', '/api/v1/me');
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ username: 'advisor', role: 'advisor' });
    });

    it('answers 401 on /auth/session and /api/v1 without a session', async () => {
      for (const headers of [{}, { Cookie: 'moni_session=not-a-session' }]) {
        const session = await fetch(url('/auth/session'), { headers });
        expect(session.status).toBe(401);
        expect(await json(session)).toMatchObject({
          code: 'AUTH.TOKEN_MISSING',
          correlationId: expect.any(String),
        });
        expect((await fetch(url('/api/v1/me'), { headers })).status).toBe(401);
      }
    });

    it('sets only HttpOnly, SameSite=Lax cookies and never a token in a body or header', async () => {
      const jar = new CookieJar();
      const login = await fetch(url('/auth/login?returnTo=/clients&lang=sv'), { redirect: 'manual' });
      jar.store(url('/'), login);
      const authorizeUrl = new URL(login.headers.get('location') ?? '');
      expect(authorizeUrl.searchParams.get('ui_locales')).toBe('sv');
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizeUrl.searchParams.get('client_id')).toBe('moni-portal');
      expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(url('/auth/callback'));
      const callbackUrl = await signInAtIdp(authorizeUrl.href, jar, 'advisor');
      const callback = await jar.fetch(callbackUrl);
      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/clients');

      const cookies = [...login.headers.getSetCookie(), ...callback.headers.getSetCookie()];
      expect(cookies.length).toBeGreaterThanOrEqual(2);
      for (const cookie of cookies) {
        expect(cookie).toMatch(/; HttpOnly/i);
        expect(cookie).toMatch(/; SameSite=Lax/i);
        expect(cookie).toMatch(/; Path=\//i);
      }
      expect(cookies.some((c) => c.startsWith('moni_session='))).toBe(true);
      for (const res of [login, callback]) {
        expect(await res.text()).not.toMatch(TOKEN_FIELDS);
        expect(JSON.stringify([...res.headers.entries()])).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
      }
    });
  });

  it('keeps sessions in NATS KV under a hash of the cookie, encrypted', async () => {
    const store = system.gateway.get(SessionStore);
    expect(store.sessionBucket).toBe(`${system.env.NATS_SUBJECT_PREFIX}_moni_sessions`);
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const kv = await new Kvm(nc).open(store.sessionBucket);
      const keys: string[] = [];
      for await (const key of await kv.keys()) {
        keys.push(key);
      }
      const hashed = createHash('sha256').update(advisor.sessionId).digest('hex');
      expect(keys).toContain(hashed);
      expect(keys).not.toContain(advisor.sessionId);
      const raw = Buffer.from((await kv.get(hashed))!.value);
      const { session } = (await store.load(advisor.sessionId))!;
      for (const secret of [
        session.accessToken,
        session.refreshToken!,
        session.csrfToken,
        'advisor',
        session.userId,
      ]) {
        expect(raw.includes(Buffer.from(secret))).toBe(false);
      }
      expect((await kv.status()).ttl).toBe(10 * 3_600_000 + 60_000);
    } finally {
      await nc.close();
    }
  });

  describe('refusals of the login', () => {
    /** A login started in a jar and signed in at the IdP: the callback URL, not yet followed. */
    const pendingCallback = async (jar = new CookieJar()) => {
      const authorizeUrl = await startPortalLogin(system.gatewayUrl, jar, { returnTo: '/clients' });
      return { jar, callbackUrl: await signInAtIdp(authorizeUrl, jar, 'advisor') };
    };

    const expectStateRefused = async (res: Response) => {
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.getSetCookie().some((c) => c.startsWith('moni_session='))).toBe(false);
      expect(await json(res)).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'state' })],
        correlationId: expect.any(String),
      });
    };

    it('refuses a replayed state with 400: a state is consumed once', async () => {
      const { jar, callbackUrl } = await pendingCallback();
      const first = await jar.fetch(callbackUrl);
      expect(first.status).toBe(303);
      await expectStateRefused(await jar.fetch(callbackUrl));
    });

    it('refuses an unknown, a tampered and a missing state with 400', async () => {
      const { jar, callbackUrl } = await pendingCallback();
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
      await expectStateRefused(await jar.fetch(tampered.href));
      const unknown = new URL(callbackUrl);
      unknown.searchParams.set('state', 'A'.repeat(43));
      await expectStateRefused(await jar.fetch(unknown.href));
      const missing = new URL(callbackUrl);
      missing.searchParams.delete('state');
      await expectStateRefused(await jar.fetch(missing.href));
    });

    it('refuses a callback in a browser other than the one that started the login (login CSRF)', async () => {
      const { callbackUrl } = await pendingCallback();
      // The victim's browser: no login cookie of that state.
      await expectStateRefused(await new CookieJar().fetch(callbackUrl));
    });

    it('refuses two concurrent callbacks of one state but one', async () => {
      const { jar, callbackUrl } = await pendingCallback();
      const answers = await Promise.all([
        jar.fetch(callbackUrl),
        jar.fetch(callbackUrl),
        jar.fetch(callbackUrl),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([303, 400, 400]);
    });

    it('completes two logins started in one browser at the same time (two tabs)', async () => {
      const jar = new CookieJar();
      const first = await startPortalLogin(system.gatewayUrl, jar, { returnTo: '/outbox' });
      const second = await startPortalLogin(system.gatewayUrl, jar, { returnTo: '/clients' });
      const callbacks = [await signInAtIdp(first, jar, 'advisor'), await signInAtIdp(second, jar, 'advisor')];
      const answers = [await jar.fetch(callbacks[0]), await jar.fetch(callbacks[1])];
      expect(answers.map((r) => [r.status, r.headers.get('location')])).toEqual([
        [303, '/outbox'],
        [303, '/clients'],
      ]);
    });

    it('refuses a callback whose code was tampered with (400), and the state is then spent', async () => {
      const { jar, callbackUrl } = await pendingCallback();
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('code', 'forged-code');
      const res = await jar.fetch(tampered.href);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'VALIDATION.FAILED' });
      await expectStateRefused(await jar.fetch(callbackUrl));
    });

    it.each([
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      'evil.example',
      '///evil.example',
    ])('never redirects off-site: returnTo=%s is refused with 400', async (returnTo) => {
      const res = await fetch(url(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`), {
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await json(res)).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'returnTo' })],
      });
    });

    it('refuses an unknown parameter with 400 naming it, and sends nothing on to the IdP', async () => {
      const res = await fetch(url('/auth/login?returnTo=%2Fclients&prompt=none'), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await json(res)).toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'prompt' })],
      });
    });

    it('refuses bad parameters of /auth/session with 400 before looking for a session', async () => {
      for (const query of ['touch=maybe', 'touch=false&extra=1']) {
        const res = await fetch(url(`/auth/session?${query}`));
        expect(res.status).toBe(400);
        expect((await json(res)).code).toBe('VALIDATION.FAILED');
      }
    });

    it('refuses a language other than fi, sv and en with 400', async () => {
      const res = await fetch(url('/auth/login?lang=de'), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ details: [expect.objectContaining({ field: 'lang' })] });
    });

    it('does not log in with a wrong password: the IdP shows its form again and no session is made', async () => {
      const jar = new CookieJar();
      const authorizeUrl = await startPortalLogin(system.gatewayUrl, jar);
      await expect(signInAtIdp(authorizeUrl, jar, 'advisor', 'wrong')).rejects.toThrow(/failed|form/);
      expect(jar.get(system.gatewayUrl, 'moni_session')).toBeUndefined();
    });
  });

  describe('organisation switch', () => {
    it('refuses an organisation the user is not a member of (403), and a body that is not one (400)', async () => {
      const refused = await advisor.request('PUT', '/auth/session/organisation', {
        organisationId: DEMO_ORG_EMPLOYMENT,
      });
      expect(refused.status).toBe(403);
      expect(await json(refused)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
      const invalid = await advisor.request('PUT', '/auth/session/organisation', { organisationId: 'moni' });
      expect(invalid.status).toBe(400);
      expect(await json(invalid)).toMatchObject({
        details: [expect.objectContaining({ field: 'organisationId' })],
      });
      // Unchanged.
      const session = await json(await advisor.request('GET', '/auth/session'));
      expect(session.activeOrganisationId).not.toBe(DEMO_ORG_EMPLOYMENT);
    });

    it('switches to one of the user’s organisations, CSRF-checked', async () => {
      const session = await json(await advisor.request('GET', '/auth/session'));
      const own = session.organisations[0].id;
      const withoutToken = await fetch(url('/auth/session/organisation'), {
        method: 'PUT',
        headers: { Cookie: advisor.cookie, Origin: advisor.origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ organisationId: own }),
      });
      expect(withoutToken.status).toBe(403);
      expect(await json(withoutToken)).toMatchObject({ code: 'AUTH.CSRF' });
      const res = await advisor.request('PUT', '/auth/session/organisation', { organisationId: own });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ activeOrganisationId: own, role: 'advisor' });
    });
  });

  describe('replicas and refresh', () => {
    it('serves one session from two gateway instances: log in on one, use the cookie on the other', async () => {
      const replica = await system.addGateway();
      const login = await portalLogin(system.gatewayUrl, 'employment');
      const me = await login.request('GET', '/api/v1/me', undefined, replica.url);
      expect(me.status).toBe(200);
      expect(await json(me)).toMatchObject({ username: 'employment', role: 'partner_staff' });
      const session = await login.request('GET', '/auth/session', undefined, replica.url);
      expect(await json(session)).toMatchObject({ csrfToken: login.csrfToken });
      const change = await login.request('POST', '/api/v1/notifications/read-all', undefined, replica.url);
      expect(change.status).toBe(200);
    });

    it('refreshes a token near its expiry once for 10 concurrent requests on two replicas', async () => {
      const replica = await system.addGateway();
      const login = await portalLogin(system.gatewayUrl, 'kela');
      const store = system.gateway.get(SessionStore);
      const before = (await store.load(login.sessionId))!.session;
      // 10 s left: under the 30 s at which the gateway refreshes.
      await store.update(login.sessionId, (s: PortalSession) => ({
        ...s,
        accessExpiresAt: Date.now() + 10_000,
      }));
      const refreshes = system.idp.grantCount('refresh_token');

      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          login.request('GET', '/api/v1/me', undefined, i % 2 === 0 ? system.gatewayUrl : replica.url),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(system.idp.grantCount('refresh_token') - refreshes).toBe(1);
      const after = (await store.load(login.sessionId))!.session;
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.accessExpiresAt - Date.now()).toBeGreaterThan(60_000);
      expect(after.refreshingUntil).toBeNull();
      // The next requests use the new token without refreshing again.
      expect((await login.request('GET', '/api/v1/me')).status).toBe(200);
      expect(system.idp.grantCount('refresh_token') - refreshes).toBe(1);
    });
  });

  describe('logout', () => {
    it('needs the CSRF token', async () => {
      const login = await portalLogin(system.gatewayUrl, 'advisor2');
      const res = await fetch(url('/auth/logout'), {
        method: 'POST',
        headers: { Cookie: login.cookie, Origin: login.origin },
      });
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ code: 'AUTH.CSRF' });
      expect((await login.request('GET', '/api/v1/me')).status).toBe(200);
    });

    it('ends the session, clears the cookie, revokes the refresh token and answers the IdP’s end-session URL', async () => {
      const login = await portalLogin(system.gatewayUrl, 'advisor2');
      const { refreshToken } = (await system.gateway.get(SessionStore).load(login.sessionId))!.session;
      expect(refreshToken).toEqual(expect.any(String));

      const res = await login.request('POST', '/auth/logout');
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(Object.keys(body)).toEqual(['endSessionUrl']);
      const endSession = new URL(body.endSessionUrl);
      expect(endSession.href.startsWith(`${system.idp.issuer}/protocol/openid-connect/logout`)).toBe(true);
      expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(url('/'));
      expect(endSession.searchParams.get('id_token_hint')).toEqual(expect.any(String));
      const cleared = res.headers.getSetCookie().find((c) => c.startsWith('moni_session='));
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(cleared).toMatch(/; HttpOnly/i);
      // The one token that reaches the browser, as RP-initiated logout needs: the ID token as
      // id_token_hint. It is no key to the API (audience moni-portal, not an access token).
      const idTokenHint = endSession.searchParams.get('id_token_hint')!;
      const asBearer = await fetch(url('/api/v1/me'), {
        headers: { Authorization: `Bearer ${idTokenHint}` },
      });
      expect(asBearer.status).toBe(401);

      expect((await login.request('GET', '/api/v1/me')).status).toBe(401);
      expect((await login.request('GET', '/auth/session')).status).toBe(401);
      expect((await login.request('POST', '/auth/logout')).status).toBe(401);

      // The IdP no longer honours the refresh token.
      const refresh = await fetch(`${system.idp.issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from('moni-portal:moni-portal-dev-secret').toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken! }),
      });
      expect(refresh.status).toBe(400);
      expect(await json(refresh)).toMatchObject({ error: 'invalid_grant' });

      // Following the end-session URL ends the IdP session and comes back to the portal.
      const jar = new CookieJar();
      let next = body.endSessionUrl as string;
      for (let i = 0; i < 5 && !next.startsWith(system.gatewayUrl); i++) {
        const step = await jar.fetch(next);
        if (step.status >= 300 && step.status < 400) {
          next = new URL(step.headers.get('location')!, next).href;
        } else {
          const html = await step.text();
          const action = /action="([^"]+)"/.exec(html)?.[1];
          const fields = [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [
            m[1],
            m[2],
          ]);
          const post = await jar.fetch(new URL(action!, next).href, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields),
          });
          next = new URL(post.headers.get('location')!, next).href;
        }
      }
      expect(next).toBe(url('/'));
    });
  });

  it('keeps bearer clients as they were: a bearer token wins over a cookie and needs no CSRF token', async () => {
    const token = await passwordGrant(system.idp.baseUrl, 'employment');
    const res = await fetch(url('/api/v1/notifications/read-all'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, Cookie: advisor.cookie },
    });
    expect(res.status).toBe(200);
    const me = await fetch(url('/api/v1/me'), {
      headers: { Authorization: `Bearer ${token}`, Cookie: advisor.cookie },
    });
    expect(await json(me)).toMatchObject({ username: 'employment' });
  });

  describe('CSRF', () => {
    const readAll = (headers: Record<string, string>) =>
      fetch(url('/api/v1/notifications/read-all'), { method: 'POST', headers });

    it('lets a same-origin request with the session’s CSRF token change state', async () => {
      const res = await advisor.request('POST', '/api/v1/notifications/read-all');
      expect(res.status).toBe(200);
    });

    it.each([
      ['no CSRF token', (a: PortalLogin) => ({ Cookie: a.cookie, Origin: a.origin })],
      [
        'a wrong CSRF token',
        (a: PortalLogin) => ({ Cookie: a.cookie, Origin: a.origin, 'X-CSRF-Token': 'x'.repeat(43) }),
      ],
      [
        'a cross-site Origin',
        (a: PortalLogin) => ({
          Cookie: a.cookie,
          Origin: 'https://evil.example',
          'X-CSRF-Token': a.csrfToken,
        }),
      ],
      ['no Origin', (a: PortalLogin) => ({ Cookie: a.cookie, 'X-CSRF-Token': a.csrfToken })],
    ])('refuses a state-changing request with %s: 403 AUTH.CSRF', async (_label, headers) => {
      const res = await readAll(headers(advisor));
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ code: 'AUTH.CSRF', correlationId: expect.any(String) });
    });

    it('records a CSRF refusal in the audit log, without a token or personal data', async () => {
      const correlationId = `corr-csrf-${Date.now()}`;
      const res = await readAll({
        Cookie: advisor.cookie,
        Origin: 'https://evil.example',
        'X-Correlation-Id': correlationId,
      });
      expect(res.status).toBe(403);
      const admin = await passwordGrant(system.idp.baseUrl, 'admin');
      await eventually(async () => {
        const page = await json(
          await fetch(url('/api/v1/audit?action=request.refused'), {
            headers: { Authorization: `Bearer ${admin}` },
          }),
        );
        const entry = page.items.find(
          (item: { correlationId: string }) => item.correlationId === correlationId,
        );
        expect(entry).toMatchObject({
          outcome: 'refused',
          targetId: 'POST /api/v1/notifications/read-all',
          detail: { code: 'AUTH.CSRF', status: 403 },
        });
        expect(JSON.stringify(entry)).not.toContain(advisor.sessionId);
        expect(JSON.stringify(entry)).not.toMatch(/@|eyJ/);
      });
    });

    it('lets GET through without a CSRF token', async () => {
      const res = await fetch(url('/api/v1/me'), {
        headers: { Cookie: advisor.cookie, Origin: 'https://evil.example' },
      });
      expect(res.status).toBe(200);
    });
  });

  describe('static portal', () => {
    it('serves index.html on / and for a page such as the e-mail link /referrals/{id}, not cached', async () => {
      for (const path of [
        '/',
        '/referrals/5b6c7b0e-2d0b-4e3f-9a57-1f2e3d4c5b6a',
        '/outbox?status=requested',
      ]) {
        const res = await fetch(url(path), { headers: { Accept: 'text/html,application/xhtml+xml' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(res.headers.get('cache-control')).toBe('no-cache');
        expect(await res.text()).toContain('<div id="root">portal</div>');
      }
    });

    it('serves hashed assets with a long cache and answers 404 for a missing one', async () => {
      const res = await fetch(url('/assets/index-abc123.js'));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await res.text()).toContain('portal');
      const missing = await fetch(url('/assets/nope.js'), { headers: { Accept: 'text/html' } });
      expect(missing.status).toBe(404);
      expect(await missing.text()).not.toContain('portal');
    });

    it.each(['/api/v1/nope', '/auth/nope', '/health/nope', '/metrics/nope'])(
      'leaves %s to the gateway: a JSON 404',
      async (path) => {
        const res = await fetch(url(path), { headers: { Accept: 'text/html' } });
        expect(res.status).toBe(404);
        expect(await json(res)).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
      },
    );

    it('sends a Content-Security-Policy that lets the portal run and nothing frame it', async () => {
      const res = await fetch(url('/'), { headers: { Accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    });

    it('answers a page saying the portal is not built when its directory does not exist', async () => {
      const replica = await system.addGateway({
        portal: { ...system.gatewayConfig.portal, dir: join(portalDir, 'missing') },
      });
      const res = await fetch(`${replica.url}/referrals/5b6c7b0e-2d0b-4e3f-9a57-1f2e3d4c5b6a`, {
        headers: { Accept: 'text/html' },
      });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      const api = await fetch(`${replica.url}/api/v1/nope`);
      expect(api.status).toBe(404);
    });
  });

  it('starts a login with returnTo / by default', async () => {
    const jar = new CookieJar();
    const authorizeUrl = await startPortalLogin(system.gatewayUrl, jar);
    expect(new URL(authorizeUrl).searchParams.get('ui_locales')).toBeNull();
  });
});
