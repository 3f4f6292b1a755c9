// Keycloak's dialect where oidc-provider speaks another: the claims of its tokens, the password
// grant, and the userinfo endpoint.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import {
  errors,
  type AccountClaims,
  type FormattedToken,
  type JwtStructure,
  type KoaContextWithOIDC,
  type ResourceServerInfo,
} from 'oidc-provider';
import {
  authenticate,
  findClient,
  findServiceAccount,
  findUser,
  type Realm,
  type RealmUser,
} from './realm.js';

/** The resource indicator under which the API's JWT access tokens are issued. */
export const API_RESOURCE = 'urn:moni-api';
export const DEFAULT_AUDIENCE = 'account';
export const SCOPES = ['openid', 'profile', 'email', 'offline_access'];
/** Keycloak's default client scopes: always in the token, asked for or not. */
export const DEFAULT_SCOPES = ['profile', 'email'];

export const publicJwk = ({ kty, n, e, kid, alg, use }: JWK): JWK => ({ kty, n, e, kid, alg, use });

export function resourceServerInfo(ttl: number): ResourceServerInfo {
  return {
    scope: SCOPES.join(' '),
    audience: 'moni-api',
    accessTokenTTL: ttl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

export function accountClaims(user: RealmUser): AccountClaims {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return {
    sub: user.id,
    preferred_username: user.username,
    ...(user.email ? { email: user.email, email_verified: user.emailVerified } : {}),
    ...(name ? { name } : {}),
    ...(user.firstName ? { given_name: user.firstName } : {}),
    ...(user.lastName ? { family_name: user.lastName } : {}),
  };
}

/** Keycloak's access-token claims on top of oidc-provider's (iss, sub, aud, exp, iat, jti, scope). */
export function keycloakClaims(realm: Realm, token: FormattedToken, jwt: JwtStructure): void {
  const client = findClient(realm, token.clientId);
  const user = token.accountId ? findUser(realm, token.accountId) : findServiceAccount(realm, token.clientId);
  const audiences = client?.audiences.length ? client.audiences : [DEFAULT_AUDIENCE];
  const payload = jwt.payload;
  jwt.header = { typ: 'JWT' };
  payload.typ = 'Bearer';
  payload.azp = token.clientId;
  payload.aud = audiences.length === 1 ? audiences[0] : audiences;
  if (!user) {
    return;
  }
  if (user.serviceAccountClientId === null) {
    delete payload.client_id;
  }
  Object.assign(payload, accountClaims(user), {
    realm_access: { roles: user.realmRoles },
    resource_access: Object.fromEntries(
      Object.entries(user.clientRoles).map(([clientId, roles]) => [clientId, { roles }]),
    ),
  });
}

export function grantedScope(requested: unknown): string {
  const asked = typeof requested === 'string' ? requested.split(' ').filter(Boolean) : [];
  return [...new Set([...asked.filter((s) => SCOPES.includes(s)), ...DEFAULT_SCOPES])].join(' ');
}

/** The user's grant to the client: the scope, for the ID token and for the API's access token. */
export function saveGrant(
  provider: Provider,
  accountId: string,
  clientId: string,
  scope: string,
): Promise<string> {
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scope);
  grant.addResourceScope(API_RESOURCE, scope);
  return grant.save();
}

/** Keycloak's "direct access grants": username and password at the token endpoint. */
export async function passwordGrant(
  provider: Provider,
  realm: Realm,
  ttl: number,
  ctx: KoaContextWithOIDC,
): Promise<void> {
  const { client, params } = ctx.oidc;
  if (params.username === undefined || params.password === undefined) {
    throw new errors.InvalidRequest('missing parameter: username and password are required');
  }
  const user = authenticate(realm, params.username, params.password);
  if (!user) {
    ctx.status = 401;
    ctx.body = { error: 'invalid_grant', error_description: 'Invalid user credentials' };
    return;
  }
  const scope = grantedScope(params.scope);
  const grantId = await saveGrant(provider, user.id, client.clientId, scope);

  const at = new provider.AccessToken({ accountId: user.id, client, grantId, gty: 'password', scope });
  at.resourceServer = new provider.ResourceServer(API_RESOURCE, resourceServerInfo(ttl));
  const accessToken = await at.save();

  let refresh: { refresh_token: string; refresh_expires_in: number } | undefined;
  if (client.grantTypeAllowed('refresh_token')) {
    const rt = new provider.RefreshToken({
      accountId: user.id,
      client,
      grantId,
      gty: 'password',
      scope,
      resource: API_RESOURCE,
      rotations: 0,
      expiresWithSession: false,
      authTime: Math.floor(Date.now() / 1000),
    });
    refresh = { refresh_token: await rt.save(), refresh_expires_in: rt.expiration };
  }

  let idToken: string | undefined;
  if (scope.split(' ').includes('openid')) {
    const token = new provider.IdToken(accountClaims(user), { ctx });
    token.scope = scope;
    idToken = await token.issue({ use: 'idtoken' });
  }

  ctx.body = {
    access_token: accessToken,
    expires_in: at.expiration,
    ...refresh,
    token_type: 'Bearer',
    ...(idToken ? { id_token: idToken } : {}),
    'not-before-policy': 0,
    session_state: randomUUID(),
    scope: at.scope ?? scope,
  };
}

export async function serveUserinfo(
  realm: Realm,
  issuer: string,
  keys: JWK[],
  req: Request,
  res: Response,
): Promise<void> {
  const [scheme, token] = (req.headers.authorization ?? '').split(' ');
  const reject = (description: string) => {
    res
      .status(401)
      .set('WWW-Authenticate', `Bearer realm="${realm.name}", error="invalid_token"`)
      .json({ error: 'invalid_token', error_description: description });
  };
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    reject('Token not provided');
    return;
  }
  try {
    const jwks = createLocalJWKSet({ keys: keys.map(publicJwk) });
    const { payload } = await jwtVerify(token, jwks, { issuer, algorithms: ['RS256'] });
    const user = typeof payload.sub === 'string' ? findUser(realm, payload.sub) : undefined;
    if (payload.typ !== 'Bearer' || !user) {
      reject('Token verification failed');
      return;
    }
    res.json(accountClaims(user));
  } catch {
    reject('Token verification failed');
  }
}
