// A development identity provider that stands in for Keycloak (which cannot run here): oidc-provider
// configured from the same realm export and speaking Keycloak's dialect (paths, claims, errors).
// Development and tests only: in-memory storage, keys generated at start.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { JWK } from 'jose';
import Provider, {
  errors,
  type Account,
  type FormattedToken,
  type JwtStructure,
  type KoaContextWithOIDC,
  type OidcClient,
} from 'oidc-provider';
import {
  accountClaims,
  API_RESOURCE,
  keycloakClaims,
  passwordGrant,
  resourceServerInfo,
  SCOPES,
  serveUserinfo,
} from './keycloak-dialect.js';
import { showLogin, submitLogin } from './login-interaction.js';
import { memoryAdapter, MemoryStore } from './memory-adapter.js';
import {
  findClient,
  findUser,
  loadRealm,
  redirectUriMatches,
  type Realm,
  type RealmClient,
  type RealmUser,
} from './realm.js';

export interface DevIdpOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port (reported in baseUrl). */
  port?: number;
  /** Default deploy/keycloak/realm-moni.json under the current directory. */
  realmFile?: string;
  /** Default: the realm's accessTokenLifespan. */
  accessTokenTtlSeconds?: number;
  /** Private RSA signing keys (JWK with kid), the first one signs. Default: one generated at start. */
  signingKeys?: JWK[];
}

export interface DevIdp {
  /** e.g. http://127.0.0.1:8080 (what KEYCLOAK_URL points at). */
  baseUrl: string;
  /** <baseUrl>/realms/<realm> */
  issuer: string;
  /** Signs new tokens with a fresh key; the old ones stay in the JWKS, so issued tokens stay valid. */
  rotateKeys(): Promise<void>;
  /** Drops every key but the one signing now from the JWKS (as a realm does after a key is compromised). */
  retireOldKeys(): Promise<void>;
  /** How many token requests of this grant type succeeded (e.g. refresh_token), for tests. */
  grantCount(grantType: string): number;
  close(): Promise<void>;
}

export const DEFAULT_REALM_FILE = 'deploy/keycloak/realm-moni.json';

const REFRESH_TOKEN_TTL = 30 * 60;
const SESSION_TTL = 10 * 60 * 60;

/** A new RS256 signing key as a private JWK. */
export function generateSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as JWK),
    kid: randomBytes(16).toString('base64url'),
    alg: 'RS256',
    use: 'sig',
  };
}

export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdp> {
  const host = options.host ?? '127.0.0.1';
  const realm = await loadRealm(resolve(process.cwd(), options.realmFile ?? DEFAULT_REALM_FILE));
  const ttl = options.accessTokenTtlSeconds ?? realm.accessTokenLifespan;
  const realmPath = `/realms/${realm.name}`;
  let keys = options.signingKeys?.length ? [...options.signingKeys] : [generateSigningKey()];
  // Cookie keys outlive key rotation, so sessions and pending logins survive a provider rebuild.
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const store = new MemoryStore();
  const grants = new Map<string, number>();

  const app = express();
  app.disable('x-powered-by');
  const server = app.listen(options.port ?? 8080, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = `${baseUrl}${realmPath}`;

  const build = (): { provider: Provider; handle: ReturnType<Provider['callback']> } => {
    const provider = createProvider({ realm, issuer, realmPath, ttl, keys, cookieKeys, store });
    provider.on('grant.success', (...args: unknown[]) => {
      const grantType = (args[0] as KoaContextWithOIDC).oidc.params.grant_type;
      const type = typeof grantType === 'string' ? grantType : '';
      grants.set(type, (grants.get(type) ?? 0) + 1);
    });
    return { provider, handle: provider.callback() };
  };
  let current = build();

  const login = `${realmPath}/login-actions/authenticate/:uid`;
  app.get(login, (req, res) => showLogin(current.provider, realm, req, res));
  app.post(login, express.urlencoded({ extended: false, limit: '10kb' }), (req, res) =>
    submitLogin(current.provider, realm, req, res),
  );
  const userinfo = `${realmPath}/protocol/openid-connect/userinfo`;
  app.get(userinfo, (req, res) => serveUserinfo(realm, issuer, keys, req, res));
  app.post(userinfo, (req, res) => serveUserinfo(realm, issuer, keys, req, res));
  app.use(realmPath, (req, res) => current.handle(req, res));
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    res
      .status(status)
      .type('text')
      .send(status < 500 ? error.message : 'internal error');
  });

  return {
    baseUrl,
    issuer,
    rotateKeys() {
      keys = [generateSigningKey(), ...keys];
      current = build();
      return Promise.resolve();
    },
    retireOldKeys() {
      keys = keys.slice(0, 1);
      current = build();
      return Promise.resolve();
    },
    grantCount: (grantType) => grants.get(grantType) ?? 0,
    close: () => closeServer(server),
  };
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
  server.closeAllConnections();
  await closed;
}

interface ProviderSetup {
  realm: Realm;
  issuer: string;
  realmPath: string;
  ttl: number;
  keys: JWK[];
  cookieKeys: string[];
  store: MemoryStore;
}

function toOidcClient(client: RealmClient): Record<string, unknown> {
  const grantTypes = [
    ...(client.standardFlow ? ['authorization_code', 'refresh_token'] : []),
    ...(client.directAccessGrants ? ['password', 'refresh_token'] : []),
    ...(client.serviceAccounts && !client.publicClient ? ['client_credentials'] : []),
  ];
  return {
    client_id: client.clientId,
    ...(client.publicClient
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: client.secret ?? '', token_endpoint_auth_method: 'client_secret_basic' }),
    grant_types: [...new Set(grantTypes)],
    response_types: client.standardFlow ? ['code'] : [],
    redirect_uris: client.standardFlow ? client.redirectUris : [],
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    scope: SCOPES.join(' '),
  };
}

function toAccount(user: RealmUser): Account {
  return { accountId: user.id, claims: () => accountClaims(user) };
}

function createProvider(setup: ProviderSetup): Provider {
  const { realm, issuer, realmPath, ttl, keys, cookieKeys, store } = setup;
  const oidcPath = '/protocol/openid-connect';

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(store),
    clients: realm.clients.map(toOidcClient),
    findAccount: (_ctx: unknown, sub: string) => {
      const user = findUser(realm, sub);
      return user ? toAccount(user) : undefined;
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: SCOPES,
    responseTypes: ['code'],
    jwks: { keys },
    cookies: { keys: cookieKeys, names: { session: 'KEYCLOAK_SESSION' } },
    conformIdTokenClaims: false,
    clientBasedCORS: (_ctx: unknown, origin: string, client: OidcClient) =>
      client.redirectUris.some((uri) => URL.parse(uri.replace(/\*$/, ''))?.origin === origin),
    pkce: {
      required: (_ctx: unknown, client: OidcClient) =>
        client.clientAuthMethod === 'none' || findClient(realm, client.clientId)?.pkceS256 === true,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Served by our own route: the built-in one refuses JWT access tokens.
      userinfo: { enabled: false },
      introspection: { enabled: false },
      revocation: {
        enabled: true,
        // As Keycloak: a client revokes only the tokens issued to it (oidc-provider's default rule,
        // stated here so that it stops asking for a policy on every revocation).
        allowedPolicy: (_ctx: unknown, client: OidcClient, token: { clientId?: string }) => {
          if (token.clientId === client.clientId) {
            return true;
          }
          if (client.clientAuthMethod === 'none') {
            return false;
          }
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          // Keycloak ends the session at once when the client asks (no "are you sure?" page).
          const confirmed = form.replace(
            '</form>',
            '<input type="hidden" name="logout" value="yes"/><noscript><button>Sign out</button></noscript></form>',
          );
          ctx.body = `<!DOCTYPE html><html><body>${confirmed}<script>document.forms[0].submit()</script></body></html>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== API_RESOURCE) {
            throw new errors.InvalidTarget();
          }
          return resourceServerInfo(ttl);
        },
      },
    },
    issueRefreshToken: (_ctx: unknown, client: OidcClient) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: (_ctx: unknown, token: { resourceServer?: { accessTokenTTL?: number } }) =>
        token.resourceServer?.accessTokenTTL ?? ttl,
      ClientCredentials: () => ttl,
      IdToken: () => ttl,
      AuthorizationCode: () => 60,
      RefreshToken: () => REFRESH_TOKEN_TTL,
      Interaction: () => 30 * 60,
      Session: () => SESSION_TTL,
      Grant: () => SESSION_TTL,
    },
    formats: {
      customizers: {
        jwt: (_ctx: unknown, token: FormattedToken, jwt: JwtStructure) => keycloakClaims(realm, token, jwt),
      },
    },
    routes: {
      authorization: `${oidcPath}/auth`,
      token: `${oidcPath}/token`,
      jwks: `${oidcPath}/certs`,
      end_session: `${oidcPath}/logout`,
      revocation: `${oidcPath}/revoke`,
      userinfo: `${oidcPath}/userinfo`,
    },
    discovery: {
      userinfo_endpoint: `${issuer}${oidcPath}/userinfo`,
      claims_parameter_supported: false,
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) =>
        `${realmPath}/login-actions/authenticate/${interaction.uid}`,
    },
    renderError: (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      ctx.body = out;
    },
  });

  // Keycloak's redirect URIs may end in a wildcard; oidc-provider knows exact matches only.
  const realmClientOf = (client: OidcClient) => findClient(realm, client.clientId);
  provider.Client.prototype.redirectUriAllowed = function (this: OidcClient, uri: string) {
    return redirectUriMatches(realmClientOf(this)?.redirectUris ?? [], uri);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function (this: OidcClient, uri: string) {
    return redirectUriMatches(realmClientOf(this)?.postLogoutRedirectUris ?? [], uri);
  };

  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    console.error('dev identity provider: server error', error);
  });
  provider.registerGrantType('password', (ctx) => passwordGrant(provider, realm, ttl, ctx), [
    'username',
    'password',
    'scope',
    'resource',
  ]);
  return provider;
}
