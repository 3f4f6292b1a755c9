import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { Controller, Get, Module, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import type { JWK, JWTPayload } from 'jose';
import { loadIdentityConfig, type IdentityConfig } from '#config';
import { AppError, type ErrorCode } from '#contracts';
import { startDevIdp, type DevIdp } from '#dev-idp';
import {
  AuthGuard,
  AuthModule,
  KeycloakTokenVerifier,
  Principal,
  Public,
  Roles,
  type AuthenticatedRequest,
  type VerifiedToken,
} from '#auth';
import {
  clientCredentialsGrant,
  foreignSigningKey,
  generateTestSigningKey,
  keycloakClaims,
  passwordGrant,
  passwordGrantResponse,
  signTestToken,
  tamperToken,
  unsignedTestToken,
} from '#testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const expectCode = async (promise: Promise<unknown>, code: ErrorCode) =>
  expect((await rejection(promise)).code).toBe(code);

describe(KeycloakTokenVerifier.name, () => {
  let idp: DevIdp;
  let trustedKey: JWK;
  let identity: IdentityConfig;
  let verifier: KeycloakTokenVerifier;
  /** Forges a token with the IdP's own key: only the claims under test are wrong. */
  let trusted: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    trustedKey = await generateTestSigningKey('trusted-key');
    idp = await startDevIdp({ port: 0, signingKeys: [trustedKey] });
    identity = {
      keycloakUrl: idp.baseUrl,
      realm: 'moni',
      audience: 'moni-api',
      allowedClients: ['moni-portal', 'moni-cli'],
    };
    verifier = new KeycloakTokenVerifier(identity, { minJwksRefetchIntervalMs: 0 });
    trusted = (claims) => signTestToken(claims, { key: trustedKey });
  });

  afterAll(async () => {
    await idp?.close();
  });

  const claims = (overrides: Record<string, unknown> = {}) => ({
    ...keycloakClaims({ issuer: idp.issuer }),
    ...overrides,
  });

  it('accepts a real token and returns who the caller is', async () => {
    const principal = await verifier.verify(await passwordGrant(idp.baseUrl, 'advisor'));
    expect(principal).toEqual({
      subject: 'fbc8681a-88b1-4a5f-b24b-ff0a6e322fa2',
      username: 'advisor',
      email: 'advisor@moni.example',
      emailVerified: true,
      name: 'Aino Advisor',
      serviceAccount: false,
      realmRoles: ['advisor'],
      azp: 'moni-cli',
      expiresAt: expect.any(Date),
    });
    expect(principal.subject).toMatch(UUID);
    expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['kela', 'partner_staff'],
    ['moni-admin', 'org_admin'],
    ['admin', 'platform_admin'],
  ])('gives %s the realm role %s', async (username, role) => {
    const principal = await verifier.verify(await passwordGrant(idp.baseUrl, username));
    expect(principal).toMatchObject({ username, realmRoles: [role] });
  });

  it('keeps only the realm roles this system knows', async () => {
    const token = await trusted(
      claims({ realm_access: { roles: ['default-roles-moni', 'advisor', 'offline_access'] } }),
    );
    expect((await verifier.verify(token)).realmRoles).toEqual(['advisor']);
  });

  it("knows a service account's token by its client_id claim, or by Keycloak's name for its user", async () => {
    const serviceAccount = async (overrides: Record<string, unknown>) =>
      (await verifier.verify(await trusted(claims(overrides)))).serviceAccount;
    expect(await serviceAccount({ client_id: 'moni-cli', preferred_username: 'some-system' })).toBe(true);
    expect(await serviceAccount({ preferred_username: 'service-account-moni-cli' })).toBe(true);
    expect(await serviceAccount({ preferred_username: 'service-accountant' })).toBe(false);
    expect(await serviceAccount({ client_id: '' })).toBe(false);
  });

  it('accepts an audience list that includes moni-api', async () => {
    await expect(
      verifier.verify(await trusted(claims({ aud: ['account', 'moni-api'] }))),
    ).resolves.toMatchObject({
      username: 'advisor',
    });
  });

  it('refuses a missing token with AUTH.TOKEN_MISSING', async () => {
    await expectCode(verifier.verify(undefined), 'AUTH.TOKEN_MISSING');
    await expectCode(verifier.verify(''), 'AUTH.TOKEN_MISSING');
  });

  it.each([
    ['not a JWT', 'not-a-jwt'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['a header that is not JSON', `${Buffer.from('{nope').toString('base64url')}.e30.c2ln`],
    [
      'a payload that is a JSON string',
      `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('"x"').toString('base64url')}.c2ln`,
    ],
    ['characters outside base64url', 'a+b.c/d.e=f'],
    ['an absurd length', `${'a'.repeat(20_000)}.b.c`],
  ])('refuses a token with %s as AUTH.TOKEN_MALFORMED', async (_case, token) => {
    await expectCode(verifier.verify(token), 'AUTH.TOKEN_MALFORMED');
  });

  it('refuses a real token whose payload was altered (AUTH.TOKEN_INVALID)', async () => {
    const token = await passwordGrant(idp.baseUrl, 'advisor');
    await expectCode(
      verifier.verify(tamperToken(token, { realm_access: { roles: ['platform_admin'] } })),
      'AUTH.TOKEN_INVALID',
    );
  });

  it('refuses a token signed by a foreign key, under its own kid or the realm key kid', async () => {
    await expectCode(verifier.verify(await signTestToken(claims())), 'AUTH.TOKEN_INVALID');
    const impostor = await signTestToken(claims(), { key: await foreignSigningKey(), kid: trustedKey.kid });
    await expectCode(verifier.verify(impostor), 'AUTH.TOKEN_INVALID');
  });

  it.each([
    ['alg none', (c: JWTPayload) => Promise.resolve(unsignedTestToken(c))],
    ['HS256 (a key confusion attempt)', (c: JWTPayload) => signTestToken(c, { alg: 'HS256' })],
    [
      'RS512, even with the realm key',
      (c: JWTPayload) => signTestToken(c, { key: trustedKey, alg: 'RS512' }),
    ],
  ])('refuses %s as AUTH.TOKEN_INVALID', async (_case, forge) => {
    await expectCode(verifier.verify(await forge(claims())), 'AUTH.TOKEN_INVALID');
  });

  it('refuses an expired token with AUTH.TOKEN_EXPIRED', async () => {
    await expectCode(
      verifier.verify(await trusted(claims({ exp: Math.floor(Date.now() / 1000) - 5 }))),
      'AUTH.TOKEN_EXPIRED',
    );
  });

  it('refuses a real token once it has expired', async () => {
    const shortLived = await startDevIdp({ port: 0, accessTokenTtlSeconds: 1 });
    try {
      const shortVerifier = new KeycloakTokenVerifier({ ...identity, keycloakUrl: shortLived.baseUrl });
      const token = await passwordGrant(shortLived.baseUrl, 'advisor');
      await expect(shortVerifier.verify(token)).resolves.toMatchObject({ username: 'advisor' });
      await new Promise((done) => setTimeout(done, 2_100));
      await expectCode(shortVerifier.verify(token), 'AUTH.TOKEN_EXPIRED');
    } finally {
      await shortLived.close();
    }
  });

  it('refuses a token without exp (which keycloak-connect alone would accept)', async () => {
    await expectCode(verifier.verify(await trusted(claims({ exp: undefined }))), 'AUTH.TOKEN_INVALID');
    await expectCode(verifier.verify(await trusted(claims({ exp: '99999999999' }))), 'AUTH.TOKEN_INVALID');
  });

  it('refuses a token that is not valid yet', async () => {
    await expectCode(
      verifier.verify(await trusted(claims({ nbf: Math.floor(Date.now() / 1000) + 600 }))),
      'AUTH.TOKEN_INVALID',
    );
  });

  it('in production refuses the password grant client (moni-cli) unless OIDC_ALLOWED_CLIENTS lists it', async () => {
    const production = { NODE_ENV: 'production', KEYCLOAK_URL: idp.baseUrl };
    const strict = new KeycloakTokenVerifier(loadIdentityConfig(production), { minJwksRefetchIntervalMs: 0 });
    const passwordToken = await passwordGrant(idp.baseUrl, 'advisor');
    await expectCode(strict.verify(passwordToken), 'AUTH.TOKEN_INVALID');
    await expect(strict.verify(await clientCredentialsGrant(idp.baseUrl))).resolves.toMatchObject({
      azp: 'moni-partner-system',
    });
    const allowing = new KeycloakTokenVerifier(
      loadIdentityConfig({ ...production, OIDC_ALLOWED_CLIENTS: 'moni-portal,moni-cli' }),
      { minJwksRefetchIntervalMs: 0 },
    );
    await expect(allowing.verify(passwordToken)).resolves.toMatchObject({
      azp: 'moni-cli',
      username: 'advisor',
      serviceAccount: false,
    });
  });

  it('refuses a token issued in the future beyond the clock skew, and accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = claims({ iat: now + 3600, exp: now + 7200 });
    await expectCode(verifier.verify(await trusted(future)), 'AUTH.TOKEN_INVALID');
    await expect(verifier.verify(await trusted(future))).rejects.toMatchObject({
      message: 'The token was issued in the future',
    });
    await expectCode(verifier.verify(await trusted(claims({ iat: now + 120 }))), 'AUTH.TOKEN_INVALID');
    await expectCode(verifier.verify(await trusted(claims({ iat: String(now) }))), 'AUTH.TOKEN_INVALID');
    await expect(verifier.verify(await trusted(claims({ iat: now + 30 })))).resolves.toMatchObject({
      username: 'advisor',
    });
  });

  it('refuses a token for another audience with AUTH.TOKEN_WRONG_AUDIENCE', async () => {
    await expectCode(verifier.verify(await trusted(claims({ aud: 'account' }))), 'AUTH.TOKEN_WRONG_AUDIENCE');
    await expectCode(
      verifier.verify(await trusted(claims({ aud: ['account', 'moni-apix'] }))),
      'AUTH.TOKEN_WRONG_AUDIENCE',
    );
    await expectCode(verifier.verify(await trusted(claims({ aud: undefined }))), 'AUTH.TOKEN_WRONG_AUDIENCE');
  });

  it('refuses a token of another issuer, even the same realm under another host name', async () => {
    const other = idp.issuer.replace('127.0.0.1', 'localhost');
    await expectCode(verifier.verify(await trusted(claims({ iss: other }))), 'AUTH.TOKEN_INVALID');
    await expectCode(
      verifier.verify(await trusted(claims({ iss: `${idp.baseUrl}/realms/master` }))),
      'AUTH.TOKEN_INVALID',
    );
    await expectCode(verifier.verify(await trusted(claims({ iss: `${idp.issuer}/` }))), 'AUTH.TOKEN_INVALID');
  });

  it('refuses a token issued to a client the API does not accept (azp)', async () => {
    await expectCode(
      verifier.verify(await trusted(claims({ azp: 'some-other-client' }))),
      'AUTH.TOKEN_INVALID',
    );
    await expectCode(verifier.verify(await trusted(claims({ azp: undefined }))), 'AUTH.TOKEN_INVALID');
    const partnerToken = await clientCredentialsGrant(idp.baseUrl);
    await expectCode(verifier.verify(partnerToken), 'AUTH.TOKEN_INVALID');
    const partnerVerifier = new KeycloakTokenVerifier({
      ...identity,
      allowedClients: ['moni-partner-system'],
    });
    await expect(partnerVerifier.verify(partnerToken)).resolves.toMatchObject({
      azp: 'moni-partner-system',
      username: 'service-account-moni-partner-system',
      serviceAccount: true,
      realmRoles: [],
    });
  });

  it('refuses tokens that are not access tokens: an ID token, a payload typ other than Bearer, a foreign header typ', async () => {
    const { id_token } = await passwordGrantResponse(idp.baseUrl, 'advisor');
    await expectCode(verifier.verify(id_token), 'AUTH.TOKEN_INVALID');
    await expectCode(verifier.verify(await trusted(claims({ typ: 'ID' }))), 'AUTH.TOKEN_INVALID');
    await expectCode(verifier.verify(await trusted(claims({ typ: 'Refresh' }))), 'AUTH.TOKEN_INVALID');
    const logoutTyped = await signTestToken(claims(), { key: trustedKey, typ: 'logout+jwt' });
    await expectCode(verifier.verify(logoutTyped), 'AUTH.TOKEN_INVALID');
  });

  it('refuses a token without subject', async () => {
    await expectCode(verifier.verify(await trusted(claims({ sub: undefined }))), 'AUTH.TOKEN_INVALID');
  });

  describe('key rotation', () => {
    it('fetches the new key when a token names it, and keeps accepting tokens of the old key', async () => {
      const before = await passwordGrant(idp.baseUrl, 'advisor');
      await verifier.verify(before);
      await idp.rotateKeys();
      const after = await passwordGrant(idp.baseUrl, 'advisor');
      expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
      await expect(verifier.verify(after)).resolves.toMatchObject({ username: 'advisor' });
      await expect(verifier.verify(before)).resolves.toMatchObject({ username: 'advisor' });
    });

    it('refuses tokens of a key the realm has removed, once a new kid has brought the new set', async () => {
      const old = await passwordGrant(idp.baseUrl, 'advisor');
      await verifier.verify(old);
      await idp.rotateKeys();
      await idp.retireOldKeys();
      await expect(verifier.verify(await passwordGrant(idp.baseUrl, 'advisor'))).resolves.toMatchObject({
        username: 'advisor',
      });
      // The old key was imported for the first token; it goes with the set it came in.
      await expectCode(verifier.verify(old), 'AUTH.TOKEN_INVALID');
    });

    it('refuses a token whose key in the realm’s JWKS is broken (a one-byte modulus), without a crash', async () => {
      // A JWKS whose RSA key has a one-byte modulus: imported or not, nothing verifies under it.
      const broken = { kty: 'RSA', kid: 'broken-key', use: 'sig', alg: 'RS256', n: 'AA', e: 'AQAB' };
      const realm = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [broken] }));
      });
      await new Promise<void>((resolve) => realm.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(realm.address() as AddressInfo).port}`;
      try {
        const elsewhere = new KeycloakTokenVerifier({ ...identity, keycloakUrl: url });
        const token = await signTestToken(
          { ...keycloakClaims({ issuer: `${url}/realms/moni` }) },
          { key: trustedKey, kid: 'broken-key' },
        );
        await expectCode(elsewhere.verify(token), 'AUTH.TOKEN_INVALID');
      } finally {
        realm.closeAllConnections();
        await new Promise((resolve) => realm.close(resolve));
      }
    });

    it('refetches at most once per interval: an unknown kid within it is a clean rejection, not a crash', async () => {
      const limited = new KeycloakTokenVerifier(identity, { minJwksRefetchIntervalMs: 60_000 });
      await limited.verify(await passwordGrant(idp.baseUrl, 'advisor'));
      await idp.rotateKeys();
      const rotated = await passwordGrant(idp.baseUrl, 'advisor');
      // keycloak-connect alone throws a TypeError here; we turn it into AUTH.TOKEN_INVALID.
      await expectCode(limited.verify(rotated), 'AUTH.TOKEN_INVALID');
      await expectCode(
        limited.verify(await signTestToken(claims(), { kid: 'no-such-key' })),
        'AUTH.TOKEN_INVALID',
      );
      // A verifier without that history fetches the keys and accepts it.
      await expect(new KeycloakTokenVerifier(identity).verify(rotated)).resolves.toMatchObject({
        username: 'advisor',
      });
    });

    it('shares one JWKS fetch among concurrent requests with a new kid', async () => {
      const fresh = new KeycloakTokenVerifier(identity, { minJwksRefetchIntervalMs: 60_000 });
      const token = await passwordGrant(idp.baseUrl, 'kela');
      const fetchSpy = jest.spyOn(globalThis, 'fetch');
      try {
        const results = await Promise.all(Array.from({ length: 5 }, () => fresh.verify(token)));
        expect(results.map((r) => r.username)).toEqual(Array(5).fill('kela'));
        const certs = fetchSpy.mock.calls.filter(([url]) =>
          (url instanceof Request ? url.url : url.toString()).endsWith('/protocol/openid-connect/certs'),
        );
        expect(certs).toHaveLength(1);
      } finally {
        fetchSpy.mockRestore();
      }
    });

    it('answers SERVICE.UNAVAILABLE when the identity provider cannot be reached', async () => {
      const unreachable = new KeycloakTokenVerifier(
        { ...identity, keycloakUrl: 'http://127.0.0.1:9' },
        { jwksTimeoutMs: 1_000 },
      );
      await expectCode(
        unreachable.verify(await passwordGrant(idp.baseUrl, 'advisor')),
        'SERVICE.UNAVAILABLE',
      );
    });
  });
});

describe(AuthGuard.name, () => {
  let idp: DevIdp;
  let guard: AuthGuard;
  let tokens: Record<'advisor' | 'kela' | 'admin', string>;

  @Roles('platform_admin')
  class AdminOnly {
    list() {}
    @Roles('advisor', 'platform_admin')
    shared() {}
    @Public()
    open() {}
  }

  class Anyone {
    read() {}
  }

  const contextOf = (request: AuthenticatedRequest, handler: () => void, cls: object): ExecutionContext =>
    ({
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => cls,
      switchToHttp: () => ({ getRequest: () => request }),
    }) as unknown as ExecutionContext;

  const requestWith = (token?: string): AuthenticatedRequest => ({
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0 });
    const verifier = new KeycloakTokenVerifier({
      keycloakUrl: idp.baseUrl,
      realm: 'moni',
      audience: 'moni-api',
      allowedClients: ['moni-cli'],
    });
    guard = new AuthGuard(verifier, new Reflector());
    tokens = {
      advisor: await passwordGrant(idp.baseUrl, 'advisor'),
      kela: await passwordGrant(idp.baseUrl, 'kela'),
      admin: await passwordGrant(idp.baseUrl, 'admin'),
    };
  });

  afterAll(async () => {
    await idp?.close();
  });

  it('lets an authenticated caller through and leaves the principal on the request', async () => {
    const request = requestWith(tokens.kela);
    await expect(guard.canActivate(contextOf(request, Anyone.prototype.read, Anyone))).resolves.toBe(true);
    expect(request.principal).toMatchObject({ username: 'kela', realmRoles: ['partner_staff'] });
  });

  it('refuses a request without a bearer token with AUTH.TOKEN_MISSING', async () => {
    await expectCode(
      guard.canActivate(contextOf(requestWith(), Anyone.prototype.read, Anyone)),
      'AUTH.TOKEN_MISSING',
    );
    const basic: AuthenticatedRequest = { headers: { authorization: 'Basic YWR2aXNvcjpkZW1v' } };
    await expectCode(
      guard.canActivate(contextOf(basic, Anyone.prototype.read, Anyone)),
      'AUTH.TOKEN_MISSING',
    );
  });

  it('refuses a caller without the role of the class with AUTH.FORBIDDEN', async () => {
    const request = requestWith(tokens.advisor);
    await expectCode(
      guard.canActivate(contextOf(request, AdminOnly.prototype.list, AdminOnly)),
      'AUTH.FORBIDDEN',
    );
    await expect(
      guard.canActivate(contextOf(requestWith(tokens.admin), AdminOnly.prototype.list, AdminOnly)),
    ).resolves.toBe(true);
  });

  it('lets a route name its own roles over those of its class', async () => {
    const shared = AdminOnly.prototype.shared;
    await expect(guard.canActivate(contextOf(requestWith(tokens.advisor), shared, AdminOnly))).resolves.toBe(
      true,
    );
    await expectCode(
      guard.canActivate(contextOf(requestWith(tokens.kela), shared, AdminOnly)),
      'AUTH.FORBIDDEN',
    );
  });

  it('lets anyone reach a @Public() route without a token', async () => {
    await expect(
      guard.canActivate(contextOf(requestWith(), AdminOnly.prototype.open, AdminOnly)),
    ).resolves.toBe(true);
  });
});

/** The status the gateway's filter would give the code: 403 for a refusal, 401 for another AUTH code. */
function statusOf(code: string): number {
  if (code === 'AUTH.FORBIDDEN') {
    return 403;
  }
  return code.startsWith('AUTH.') ? 401 : 500;
}

describe('AuthModule in a Nest application', () => {
  let idp: DevIdp;
  let app: INestApplication;
  let url: string;

  @Controller('probe')
  class ProbeController {
    @Get('me')
    me(@Principal() principal: VerifiedToken) {
      return { subject: principal.subject, roles: principal.realmRoles };
    }

    @Get('admin')
    @Roles('platform_admin')
    admin() {
      return { ok: true };
    }

    @Get('health')
    @Public()
    health() {
      return { status: 'ok' };
    }
  }

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0 });

    @Module({
      imports: [
        AuthModule.forRoot({
          keycloakUrl: idp.baseUrl,
          realm: 'moni',
          audience: 'moni-api',
          allowedClients: ['moni-cli'],
        }),
      ],
      controllers: [ProbeController],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    })
    class ProbeModule {}

    app = await NestFactory.create(ProbeModule, { logger: false });
    // The gateway's filter maps AppError codes; this stand-in only shows the code reached it.
    app.useGlobalFilters({
      catch(error: unknown, host) {
        const res = host.switchToHttp().getResponse<{ status(n: number): { json(b: unknown): void } }>();
        const code = error instanceof AppError ? error.code : 'INTERNAL.ERROR';
        res.status(statusOf(code)).json({ code });
      },
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('authenticates routes, hands the principal to handlers and enforces roles', async () => {
    const advisor = await passwordGrant(idp.baseUrl, 'advisor');
    const me = await get('/probe/me', advisor);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ subject: 'fbc8681a-88b1-4a5f-b24b-ff0a6e322fa2', roles: ['advisor'] });

    const forbidden = await get('/probe/admin', advisor);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ code: 'AUTH.FORBIDDEN' });

    expect((await get('/probe/admin', await passwordGrant(idp.baseUrl, 'admin'))).status).toBe(200);
    expect(await (await get('/probe/me')).json()).toEqual({ code: 'AUTH.TOKEN_MISSING' });
    expect((await get('/probe/health')).status).toBe(200);
  });
});
