// Tokens for tests: real ones from the (dev) identity provider, and forged ones for negative tests.
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

async function tokenRequest(idpBaseUrl: string, form: Record<string, string>, realm: string, auth?: string) {
  const res = await fetch(`${idpBaseUrl}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(auth ? { Authorization: auth } : {}),
    },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as TokenResponse & { error?: string; error_description?: string };
  if (!res.ok) {
    throw new Error(`token request failed: ${res.status} ${body.error}: ${body.error_description}`);
  }
  return body;
}

/** The whole token response of the password grant ("direct access grants"). */
export function passwordGrantResponse(
  idpBaseUrl: string,
  username: string,
  password = 'demo',
  clientId = 'moni-cli',
  realm = 'moni',
): Promise<TokenResponse> {
  return tokenRequest(
    idpBaseUrl,
    { grant_type: 'password', client_id: clientId, username, password, scope: 'openid' },
    realm,
  );
}

/** An access token for a demo user, through the password grant of the public client moni-cli. */
export async function passwordGrant(
  idpBaseUrl: string,
  username: string,
  password = 'demo',
  clientId = 'moni-cli',
): Promise<string> {
  return (await passwordGrantResponse(idpBaseUrl, username, password, clientId)).access_token;
}

/** An access token for a machine client (client credentials), e.g. moni-partner-system. */
export async function clientCredentialsGrant(
  idpBaseUrl: string,
  clientId = 'moni-partner-system',
  secret = 'moni-partner-system-dev-secret',
  realm = 'moni',
): Promise<string> {
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  return (await tokenRequest(idpBaseUrl, { grant_type: 'client_credentials' }, realm, basic)).access_token;
}

/** A private RS256 signing key (JWK with kid). Give it to startDevIdp({ signingKeys }) to forge trusted tokens. */
export async function generateTestSigningKey(kid = `test-${randomBytes(6).toString('hex')}`): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

let foreignKey: Promise<JWK> | undefined;
/** A key that no identity provider of the tests trusts. */
export function foreignSigningKey(): Promise<JWK> {
  foreignKey ??= generateTestSigningKey('foreign-key');
  return foreignKey;
}

export interface SignOptions {
  /** Private JWK; default: the foreign key. */
  key?: JWK;
  /** Default: the key's kid. */
  kid?: string;
  /** Default RS256 (HS256 signs with `secret`). */
  alg?: 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'HS256';
  secret?: string;
  /** Header typ; Keycloak's is JWT. */
  typ?: string;
}

/** Signs the claims as they are: undefined claims are left out, nothing is added (no iat, no exp). */
export async function signTestToken(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const header = { alg, typ: options.typ ?? 'JWT' };
  if (alg === 'HS256') {
    const secret = new TextEncoder().encode(options.secret ?? 'not-a-real-secret-not-a-real-secret');
    return new SignJWT(claims).setProtectedHeader(header).sign(secret);
  }
  const jwk = options.key ?? (await foreignSigningKey());
  const key = await importJWK({ ...jwk, alg }, alg);
  return new SignJWT(claims).setProtectedHeader({ ...header, kid: options.kid ?? jwk.kid }).sign(key);
}

/** A token with `alg: none` and no signature. */
export function unsignedTestToken(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

export interface KeycloakClaimsInput {
  issuer: string;
  sub?: string;
  username?: string;
  email?: string;
  roles?: string[];
  azp?: string;
  aud?: string | string[];
  /** Seconds from now until exp (negative: already expired). Default 300. */
  expiresIn?: number;
}

/** Claims shaped like a Keycloak access token of the realm moni; override any with a spread. */
export function keycloakClaims(input: KeycloakClaimsInput): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const username = input.username ?? 'advisor';
  return {
    exp: now + (input.expiresIn ?? 300),
    iat: now - 1,
    jti: randomUUID(),
    iss: input.issuer,
    aud: input.aud ?? 'moni-api',
    sub: input.sub ?? randomUUID(),
    typ: 'Bearer',
    azp: input.azp ?? 'moni-cli',
    scope: 'openid profile email',
    preferred_username: username,
    email: input.email ?? `${username}@moni.example`,
    email_verified: true,
    realm_access: { roles: input.roles ?? ['advisor'] },
    resource_access: {},
  };
}

/** The token's claims, unverified. */
export function tokenClaims(token: string): JWTPayload {
  return decodeJwt(token);
}

/** The same header and signature over a changed payload: a tampered token. */
export function tamperToken(token: string, changes: JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
