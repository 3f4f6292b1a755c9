import { Agent, get as httpGet } from 'node:http';
import type { JWK, JWTPayload } from 'jose';
import type { ErrorCode } from '#contracts';
import {
  foreignSigningKey,
  generateTestSigningKey,
  keycloakClaims,
  passwordGrant,
  signTestToken,
  tamperToken,
  tokenClaims,
} from '#testing';
import { json, startSystem, type RunningSystem } from '../support/system.js';

describe('The gateway, through HTTP with real tokens', () => {
  let system: RunningSystem;
  let advisorToken: string;
  /** The identity provider's own key: tokens forged with it differ from real ones only in the claims under test. */
  let realmKey: JWK;

  beforeAll(async () => {
    realmKey = await generateTestSigningKey('realm-key');
    system = await startSystem({ signingKeys: [realmKey] });
    advisorToken = await passwordGrant(system.idp.baseUrl, 'advisor');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const get = (path: string, init: RequestInit = {}) => fetch(`${system.gatewayUrl}${path}`, init);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('answers GET /api/v1/me with the identity of the token', async () => {
    const res = await get('/api/v1/me', { headers: bearer(advisorToken) });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      username: 'advisor',
      email: expect.stringContaining('@'),
      // The demo network: advisor acts for MONI (apps/partners/src/demo).
      organisations: [expect.objectContaining({ role: 'advisor', status: 'active' })],
      activeOrganisationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      role: 'advisor',
    });
    expect(body.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
  });

  it('refuses GET /api/v1/me without a token with 401, a code and the correlation id', async () => {
    const res = await get('/api/v1/me', { headers: { 'X-Correlation-Id': 'test-correlation-0001' } });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({
      code: 'AUTH.TOKEN_MISSING',
      message: expect.any(String),
      correlationId: 'test-correlation-0001',
    });
    expect(res.headers.get('x-correlation-id')).toBe('test-correlation-0001');
  });

  it('refuses a malformed token with 401 AUTH.TOKEN_MALFORMED', async () => {
    const res = await get('/api/v1/me', { headers: bearer('not-a-jwt') });
    expect(res.status).toBe(401);
    expect((await json(res)).code).toBe('AUTH.TOKEN_MALFORMED');
  });

  describe('refuses every bad token with 401 and its code, the correlation id in body and header', () => {
    /** The real advisor's claims (same subject, so only the claim under test is wrong). */
    const realClaims = (overrides: JWTPayload = {}): JWTPayload => ({
      ...keycloakClaims({
        issuer: system.idp.issuer,
        sub: tokenClaims(advisorToken).sub,
        username: 'advisor',
        roles: ['advisor'],
      }),
      ...overrides,
    });
    const now = () => Math.floor(Date.now() / 1000);

    it.each<[string, () => Promise<string>, ErrorCode]>([
      ['malformed (not three parts)', () => Promise.resolve('abc.def'), 'AUTH.TOKEN_MALFORMED'],
      [
        'tampered (a real token with a changed payload)',
        () => Promise.resolve(tamperToken(advisorToken, { realm_access: { roles: ['platform_admin'] } })),
        'AUTH.TOKEN_INVALID',
      ],
      ['signed by a foreign key', async () => signTestToken(realClaims()), 'AUTH.TOKEN_INVALID'],
      [
        "signed by a foreign key under the realm key's kid",
        async () => signTestToken(realClaims(), { key: await foreignSigningKey(), kid: realmKey.kid }),
        'AUTH.TOKEN_INVALID',
      ],
      [
        'expired',
        () => signTestToken(realClaims({ exp: now() - 5, iat: now() - 600 }), { key: realmKey }),
        'AUTH.TOKEN_EXPIRED',
      ],
      [
        'for another audience',
        () => signTestToken(realClaims({ aud: 'account' }), { key: realmKey }),
        'AUTH.TOKEN_WRONG_AUDIENCE',
      ],
      [
        'issued to a client the API does not accept (azp)',
        () => signTestToken(realClaims({ azp: 'account-console' }), { key: realmKey }),
        'AUTH.TOKEN_INVALID',
      ],
      [
        'naming no client (no azp)',
        () => signTestToken(realClaims({ azp: undefined }), { key: realmKey }),
        'AUTH.TOKEN_INVALID',
      ],
    ])('%s', async (_case, forge, code) => {
      const correlationId = `bad-token-${_case.replace(/[^a-z]+/gi, '-').slice(0, 40)}`;
      const res = await get('/api/v1/me', {
        headers: { ...bearer(await forge()), 'X-Correlation-Id': correlationId },
      });
      expect(res.status).toBe(401);
      expect(await json(res)).toEqual({ code, message: expect.any(String), correlationId });
      expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    });

    it('accepts a token forged with the realm key and nothing wrong: the cases above fail on their claim', async () => {
      const res = await get('/api/v1/me', {
        headers: bearer(await signTestToken(realClaims(), { key: realmKey })),
      });
      expect(res.status).toBe(200);
      expect((await json(res)).username).toBe('advisor');
    });

    it("refuses a valid token without the route's role with 403 AUTH.FORBIDDEN", async () => {
      // GET /api/v1/audit is for platform_admin only; the advisor's token is valid.
      const res = await get('/api/v1/audit', {
        headers: { ...bearer(advisorToken), 'X-Correlation-Id': 'missing-role-0001' },
      });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({
        code: 'AUTH.FORBIDDEN',
        message: expect.any(String),
        correlationId: 'missing-role-0001',
      });
    });
  });

  it('gives an unknown route 404 ROUTE.NOT_FOUND with a fresh correlation id', async () => {
    const res = await get('/api/v1/nothing-here', { headers: bearer(advisorToken) });
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body.code).toBe('ROUTE.NOT_FOUND');
    expect(body.correlationId).toBe(res.headers.get('x-correlation-id'));
  });

  it('refuses a body over the size limit with 413 and malformed JSON with 400', async () => {
    const headers = { ...bearer(advisorToken), 'Content-Type': 'application/json' };
    const big = await get('/api/v1/me', {
      method: 'POST',
      headers,
      body: JSON.stringify({ padding: 'x'.repeat(200_000) }),
    });
    expect(big.status).toBe(413);
    expect((await json(big)).code).toBe('REQUEST.TOO_LARGE');

    const malformed = await get('/api/v1/me', { method: 'POST', headers, body: '{"unclosed": ' });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('sends security headers', async () => {
    const res = await get('/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps an idle connection open longer than callers keep theirs (no reset on reuse)', async () => {
    const keepAlive = await new Promise<string | string[] | undefined>((resolve, reject) => {
      const req = httpGet(
        `${system.gatewayUrl}/health/live`,
        { agent: new Agent({ keepAlive: true }) },
        (res) => {
          res.resume();
          resolve(res.headers['keep-alive']);
        },
      );
      req.on('error', reject);
    });
    expect(keepAlive).toBe('timeout=65');
  });

  it('is live and ready when every service reaches PostgreSQL and NATS', async () => {
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/health/ready')).status).toBe(200);
    const ready = await get('/health/services');
    const body = await json(ready);
    expect(ready.status).toBe(200);
    expect(Object.keys(body.services).sort()).toEqual([
      'audit',
      'clients',
      'notifications',
      'partners',
      'referrals',
      'statistics',
    ]);
    for (const report of Object.values<{ checks: Record<string, { status: string }> }>(body.services)) {
      expect(report.checks).toEqual({ database: { status: 'up' }, nats: { status: 'up' } });
    }
  });

  it('serves Prometheus metrics, with request timings by route', async () => {
    await get('/api/v1/me', { headers: bearer(advisorToken) });
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('moni_http_request_duration_seconds_bucket');
    expect(text).toMatch(/route="\/api\/v1\/me"/);
    expect(text).toContain('moni_http_refusals_total{code="AUTH.TOKEN_MISSING"}');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await get('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    const openapi = await json(doc);
    expect(openapi.openapi).toMatch(/^3\./);
    expect(openapi.paths['/api/v1/me']).toBeDefined();
    const ui = await get('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('stays ready with one service down: that service’s routes answer 503, the rest of the API works', async () => {
    await system.stopService('audit');
    const system503 = await get('/health/services');
    expect(system503.status).toBe(503);
    const body = await json(system503);
    expect(body.checks.audit).toEqual({ status: 'down' });
    expect(body.checks.clients).toEqual({ status: 'up' });

    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect((await json(ready)).services.audit.status).toBe('down');
    const adminToken = await passwordGrant(system.idp.baseUrl, 'admin');
    const audit = await get('/api/v1/audit', { headers: bearer(adminToken) });
    expect(audit.status).toBe(503);
    expect((await json(audit)).code).toBe('SERVICE.UNAVAILABLE');
    expect((await get('/api/v1/me', { headers: bearer(advisorToken) })).status).toBe(200);
  });
});

describe('The gateway rate limit', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({ gateway: { rateLimitPerMinute: 3 } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers 429 RATE.LIMITED once a caller exceeds the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await fetch(`${system.gatewayUrl}/api/v1/me`)).status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const res = await fetch(`${system.gatewayUrl}/api/v1/me`);
    expect(await json(res)).toMatchObject({ code: 'RATE.LIMITED', correlationId: expect.any(String) });
  });
});
