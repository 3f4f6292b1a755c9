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
      });
      const expiresIn = Date.parse(body.expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(29 * 60_000);
      expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);
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
