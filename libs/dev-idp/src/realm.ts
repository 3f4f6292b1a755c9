// The subset of a Keycloak realm export that the dev identity provider understands: the same file
// that a real Keycloak imports (deploy/keycloak/realm-moni.json).
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface RealmUser {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
  /** Set for a client's service-account user (client credentials). */
  serviceAccountClientId: string | null;
  password: string | null;
}

export interface RealmClient {
  clientId: string;
  publicClient: boolean;
  secret: string | null;
  standardFlow: boolean;
  directAccessGrants: boolean;
  serviceAccounts: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  pkceS256: boolean;
  /** Audiences added by oidc-audience-mapper protocol mappers. */
  audiences: string[];
}

export interface Realm {
  name: string;
  accessTokenLifespan: number;
  roles: string[];
  clients: RealmClient[];
  users: RealmUser[];
}

export class RealmFileError extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

export async function loadRealm(file: string): Promise<Realm> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new RealmFileError(`cannot read the realm export ${file}: ${(error as Error).message}`);
  }
  return parseRealm(raw, file);
}

export function parseRealm(raw: unknown, file = 'realm export'): Realm {
  if (!isObject(raw) || !str(raw.realm)) {
    throw new RealmFileError(`${file} is not a Keycloak realm export (no "realm")`);
  }
  const roles = isObject(raw.roles) ? objects(raw.roles.realm).map((r) => str(r.name)) : [];
  return {
    name: str(raw.realm) as string,
    accessTokenLifespan: typeof raw.accessTokenLifespan === 'number' ? raw.accessTokenLifespan : 300,
    roles: roles.filter((r): r is string => r !== null),
    clients: objects(raw.clients)
      .filter((c) => c.enabled !== false && str(c.clientId) !== null)
      .map(parseClient),
    users: objects(raw.users)
      .filter((u) => u.enabled !== false && str(u.id) !== null && str(u.username) !== null)
      .map(parseUser),
  };
}

function parseClient(c: Json): RealmClient {
  const attributes = isObject(c.attributes) ? c.attributes : {};
  const audiences = objects(c.protocolMappers)
    .filter((m) => m.protocolMapper === 'oidc-audience-mapper' && isObject(m.config))
    .filter((m) => (m.config as Json)['access.token.claim'] !== 'false')
    .map(
      (m) =>
        str((m.config as Json)['included.custom.audience']) ??
        str((m.config as Json)['included.client.audience']),
    )
    .filter((a): a is string => a !== null);
  return {
    clientId: c.clientId as string,
    publicClient: c.publicClient === true,
    secret: str(c.secret),
    // Keycloak's defaults: standard flow on, direct access grants off.
    standardFlow: c.standardFlowEnabled !== false,
    directAccessGrants: c.directAccessGrantsEnabled === true,
    serviceAccounts: c.serviceAccountsEnabled === true,
    redirectUris: strings(c.redirectUris),
    postLogoutRedirectUris: (str(attributes['post.logout.redirect.uris']) ?? '').split('##').filter(Boolean),
    pkceS256: attributes['pkce.code.challenge.method'] === 'S256',
    audiences,
  };
}

function parseUser(u: Json): RealmUser {
  const password = objects(u.credentials).find((c) => c.type === 'password' && typeof c.value === 'string');
  const clientRoles: Record<string, string[]> = {};
  if (isObject(u.clientRoles)) {
    for (const [client, roles] of Object.entries(u.clientRoles)) {
      clientRoles[client] = strings(roles);
    }
  }
  return {
    id: u.id as string,
    username: (u.username as string).toLowerCase(),
    email: str(u.email)?.toLowerCase() ?? null,
    emailVerified: u.emailVerified === true,
    firstName: str(u.firstName),
    lastName: str(u.lastName),
    realmRoles: strings(u.realmRoles),
    clientRoles,
    serviceAccountClientId: str(u.serviceAccountClientId),
    password: password ? (password.value as string) : null,
  };
}

/** Keycloak accepts the username or (loginWithEmailAllowed) the e-mail address; service accounts cannot log in. */
export function authenticate(realm: Realm, login: unknown, password: unknown): RealmUser | null {
  if (typeof login !== 'string' || typeof password !== 'string' || login === '') {
    return null;
  }
  const wanted = login.trim().toLowerCase();
  const user = realm.users.find(
    (u) => u.serviceAccountClientId === null && (u.username === wanted || u.email === wanted),
  );
  if (!user?.password) {
    return null;
  }
  const given = Buffer.from(password);
  const stored = Buffer.from(user.password);
  return given.length === stored.length && timingSafeEqual(given, stored) ? user : null;
}

export const findUser = (realm: Realm, id: string): RealmUser | undefined =>
  realm.users.find((u) => u.id === id);

export const findServiceAccount = (realm: Realm, clientId: string): RealmUser | undefined =>
  realm.users.find((u) => u.serviceAccountClientId === clientId);

export const findClient = (realm: Realm, clientId: string): RealmClient | undefined =>
  realm.clients.find((c) => c.clientId === clientId);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * The candidate with the registered URI's port when both are plain http on the same loopback IP
 * address (RFC 8252 §7.3: a native or local app gets an ephemeral port; Keycloak ignores the port of
 * 127.0.0.1 and [::1] too). `localhost` and any other host keep their exact port.
 */
function onRegisteredLoopbackPort(registered: string, candidate: string): string | null {
  const reg = URL.parse(registered.replace(/\*$/, ''));
  const url = URL.parse(candidate);
  if (
    reg === null ||
    url === null ||
    reg.protocol !== 'http:' ||
    url.protocol !== 'http:' ||
    !LOOPBACK_HOSTS.has(reg.hostname) ||
    url.hostname !== reg.hostname ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return null;
  }
  url.port = reg.port;
  return url.href;
}

/**
 * Keycloak's redirect URI rule: exact, or a prefix when the registered URI ends in `*`; on a loopback
 * IP address, any port.
 */
export function redirectUriMatches(registered: string[], candidate: string): boolean {
  const matches = (uri: string, value: string) =>
    uri.endsWith('*') ? value.startsWith(uri.slice(0, -1)) : value === uri;
  return registered.some((uri) => {
    if (matches(uri, candidate)) {
      return true;
    }
    const loopback = onRegisteredLoopbackPort(uri, candidate);
    return loopback !== null && matches(uri, loopback);
  });
}
