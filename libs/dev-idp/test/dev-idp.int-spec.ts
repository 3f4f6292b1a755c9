import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startDevIdp, type DevIdp } from '#dev-idp';
import { clientCredentialsGrant, passwordGrantResponse, tokenClaims } from '#testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PORTAL_SECRET = 'moni-portal-dev-secret';
const REDIRECT_URI = 'http://127.0.0.1:3000/auth/callback';

/** Just enough of a browser: follows nothing by itself, keeps cookies by name. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return res;
  }
}

describe('startDevIdp (the dev identity provider)', () => {
  let idp: DevIdp;
  let oidc: string;

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0 });
    oidc = `${idp.issuer}/protocol/openid-connect`;
  });

  afterAll(async () => {
    await idp?.close();
  });

  it('listens on a free port and names the realm moni in its issuer', () => {
    expect(idp.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.baseUrl).not.toMatch(/:8080$/);
    expect(idp.issuer).toBe(`${idp.baseUrl}/realms/moni`);
  });

  it("serves a discovery document with Keycloak's endpoints", async () => {
    const res = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${oidc}/auth`,
      token_endpoint: `${oidc}/token`,
      jwks_uri: `${oidc}/certs`,
      userinfo_endpoint: `${oidc}/userinfo`,
      end_session_endpoint: `${oidc}/logout`,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: expect.arrayContaining(['authorization_code', 'password', 'client_credentials']),
    });
  });

  it('serves the public RS256 signing keys, without private parts', async () => {
    const res = await fetch(`${oidc}/certs`);
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(keys[0]).not.toHaveProperty('d');
    expect(keys[0]).not.toHaveProperty('p');
  });

  it("issues a password-grant access token with Keycloak's claims, signed by its JWKS", async () => {
    const tokens = await passwordGrantResponse(idp.baseUrl, 'advisor');
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      refresh_token: expect.any(String),
      id_token: expect.any(String),
    });
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${oidc}/certs`)), {
      issuer: idp.issuer,
      audience: 'moni-api',
    });
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: 'moni-api',
      azp: 'moni-cli',
      typ: 'Bearer',
      sub: 'fbc8681a-88b1-4a5f-b24b-ff0a6e322fa2',
      preferred_username: 'advisor',
      email: 'advisor@moni.example',
      email_verified: true,
      given_name: 'Aino',
      realm_access: { roles: ['advisor'] },
      resource_access: {},
    });
    expect(payload.sub).toMatch(UUID);
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(String(payload.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
    expect(payload).not.toHaveProperty('client_id');
  });

  it.each([
    ['employment', 'partner_staff'],
    ['kela', 'partner_staff'],
    ['redcross', 'partner_staff'],
    ['advisor2', 'advisor'],
    ['moni-admin', 'org_admin'],
    ['admin', 'platform_admin'],
  ])('gives the demo user %s the realm role %s', async (username, role) => {
    const { access_token } = await passwordGrantResponse(idp.baseUrl, username);
    expect(tokenClaims(access_token)).toMatchObject({
      preferred_username: username,
      realm_access: { roles: [role] },
    });
  });

  it('refuses a wrong password with invalid_grant "Invalid user credentials", as Keycloak does', async () => {
    const res = await fetch(`${oidc}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'moni-cli',
        username: 'advisor',
        password: 'wrong',
      }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid user credentials',
    });
  });

  it('refuses the password grant to a client without direct access grants', async () => {
    const res = await fetch(`${oidc}/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`moni-portal:${PORTAL_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'password', username: 'advisor', password: 'demo' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refreshes a password-grant token with its refresh token', async () => {
    const { refresh_token } = await passwordGrantResponse(idp.baseUrl, 'kela');
    const res = await fetch(`${oidc}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'moni-cli',
        refresh_token: refresh_token!,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string };
    expect(tokenClaims(body.access_token)).toMatchObject({
      aud: 'moni-api',
      typ: 'Bearer',
      preferred_username: 'kela',
      realm_access: { roles: ['partner_staff'] },
    });
  });

  it('issues client-credentials tokens to the partner system as its service account', async () => {
    const token = await clientCredentialsGrant(idp.baseUrl);
    expect(tokenClaims(token)).toMatchObject({
      iss: idp.issuer,
      aud: 'moni-api',
      azp: 'moni-partner-system',
      typ: 'Bearer',
      sub: '6fe6d98c-ae72-46ee-9673-63fe0b5f2524',
      preferred_username: 'service-account-moni-partner-system',
      client_id: 'moni-partner-system',
    });
  });

  it('serves userinfo for its own access tokens and refuses anything else', async () => {
    const { access_token } = await passwordGrantResponse(idp.baseUrl, 'redcross');
    const res = await fetch(`${oidc}/userinfo`, { headers: { Authorization: `Bearer ${access_token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sub: '58ea9cec-7ca8-4b61-9ef1-e2b098b6b492',
      preferred_username: 'redcross',
      email: 'redcross@partner.example',
      email_verified: true,
      name: 'Riikka Redcross',
      given_name: 'Riikka',
      family_name: 'Redcross',
    });
    const bad = await fetch(`${oidc}/userinfo`, { headers: { Authorization: `Bearer ${access_token}x` } });
    expect(bad.status).toBe(401);
    expect((await fetch(`${oidc}/userinfo`)).status).toBe(401);
  });

  describe('the authorization code flow with PKCE (moni-portal)', () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authUrl = (extra: Record<string, string> = {}) =>
      `${oidc}/auth?${new URLSearchParams({
        client_id: 'moni-portal',
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 'state-123',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...extra,
      }).toString()}`;

    async function openLoginForm(browser: Browser): Promise<string> {
      const start = await browser.request(authUrl());
      expect(start.status).toBe(303);
      const loginUrl = new URL(start.headers.get('location')!, idp.baseUrl).href;
      const page = await browser.request(loginUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('name="username"');
      expect(html).toContain('name="password"');
      const action = /action="([^"]+)"/.exec(html)![1].replace(/&#38;/g, '&');
      return new URL(action, idp.baseUrl).href;
    }

    const postForm = (browser: Browser, url: string, fields: Record<string, string>) =>
      browser.request(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });

    it('logs a user in through the login page and exchanges the code with the code verifier', async () => {
      const browser = new Browser();
      const action = await openLoginForm(browser);

      const wrong = await postForm(browser, action, { username: 'advisor', password: 'nope' });
      expect(wrong.status).toBe(200);
      expect(await wrong.text()).toContain('Invalid username or password.');

      const login = await postForm(browser, action, { username: 'advisor', password: 'demo' });
      expect(login.status).toBe(303);
      const resume = await browser.request(new URL(login.headers.get('location')!, idp.baseUrl).href);
      expect(resume.status).toBe(303);
      const callback = new URL(resume.headers.get('location')!);
      expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
      expect(callback.searchParams.get('state')).toBe('state-123');
      expect(callback.searchParams.get('iss')).toBe(idp.issuer);
      const code = callback.searchParams.get('code')!;

      const exchange = (codeVerifier: string) =>
        fetch(`${oidc}/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: 'moni-portal',
            client_secret: PORTAL_SECRET,
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: codeVerifier,
          }),
        });
      const refused = await exchange(randomBytes(32).toString('base64url'));
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_grant');

      // A wrong verifier does not use the code up: the right one still gets the tokens.
      const accepted = await exchange(verifier);
      expect(accepted.status).toBe(200);
      const body = (await accepted.json()) as Record<string, string>;
      expect(body).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) });
      expect(tokenClaims(body.access_token)).toMatchObject({
        iss: idp.issuer,
        aud: 'moni-api',
        azp: 'moni-portal',
        typ: 'Bearer',
        preferred_username: 'advisor',
        realm_access: { roles: ['advisor'] },
      });
      expect(tokenClaims(body.id_token)).toMatchObject({
        aud: 'moni-portal',
        sub: tokenClaims(body.access_token).sub,
      });
    });

    it('ends the session at the logout endpoint and sends the browser back to the portal', async () => {
      const browser = new Browser();
      const action = await openLoginForm(browser);
      const login = await postForm(browser, action, { username: 'kela', password: 'demo' });
      await browser.request(new URL(login.headers.get('location')!, idp.baseUrl).href);

      // Signed in: a new authorization request goes straight back with a code.
      const silent = await browser.request(authUrl());
      expect(new URL(silent.headers.get('location')!).searchParams.get('code')).toBeTruthy();

      const page = await browser.request(
        `${oidc}/logout?${new URLSearchParams({
          client_id: 'moni-portal',
          post_logout_redirect_uri: 'http://127.0.0.1:3000/',
        }).toString()}`,
      );
      expect(page.status).toBe(200);
      const html = await page.text();
      const confirmUrl = /action="([^"]+)"/.exec(html)![1];
      const fields = Object.fromEntries(
        [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      expect(fields.logout).toBe('yes');
      const done = await postForm(browser, confirmUrl, fields);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('http://127.0.0.1:3000/');

      // Signed out: the next authorization request asks for the password again.
      const again = await browser.request(authUrl());
      expect(again.headers.get('location')).toContain('/login-actions/authenticate/');
    });

    it('requires PKCE of the portal and refuses unregistered redirect URIs', async () => {
      const noPkce = await fetch(authUrl({ code_challenge: '', code_challenge_method: '' }), {
        redirect: 'manual',
      });
      expect(noPkce.status).toBe(303);
      expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');

      for (const unregistered of [
        'http://evil.example/callback',
        'https://127.0.0.1:3000/callback',
        // localhost keeps its exact port (only loopback IP addresses get any port).
        'http://localhost:3001/callback',
      ]) {
        const evil = await fetch(authUrl({ redirect_uri: unregistered }), { redirect: 'manual' });
        expect(evil.status).toBe(400);
      }
    });

    it('accepts any port on the registered loopback IP address (RFC 8252 §7.3, as Keycloak)', async () => {
      const res = await fetch(authUrl({ redirect_uri: 'http://127.0.0.1:45123/auth/callback' }), {
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('/login-actions/authenticate/');
    });
  });

  it('keeps serving the old key after rotateKeys() and signs new tokens with the new one', async () => {
    const before = await passwordGrantResponse(idp.baseUrl, 'advisor');
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    await idp.rotateKeys();
    const after = await passwordGrantResponse(idp.baseUrl, 'advisor');
    const newKid = decodeProtectedHeader(after.access_token).kid;
    expect(newKid).not.toBe(oldKid);
    const { keys } = (await (await fetch(`${oidc}/certs`)).json()) as { keys: { kid: string }[] };
    expect(keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    const userinfo = await fetch(`${oidc}/userinfo`, {
      headers: { Authorization: `Bearer ${before.access_token}` },
    });
    expect(userinfo.status).toBe(200);
  });
});
