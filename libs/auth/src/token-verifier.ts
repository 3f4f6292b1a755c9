// Verifies Keycloak access tokens for the gateway. keycloak-connect (bearer-only GrantManager) checks
// the signature, expiry, issuer and payload typ; this class closes what it leaves open (dev-stack.md):
// a token without exp, one issued in the future (iat), the audience, azp, the header typ and alg, and
// unknown signing keys (its own
// JWKS refetch throws a TypeError for 10 s after the last fetch). Tokens are never logged.
import { createPublicKey, type KeyObject } from 'node:crypto';
import KeycloakConnect from 'keycloak-connect';
import type { IdentityConfig } from '#config';
import { AppError, isRole, type Role } from '#contracts';

export interface VerifiedToken {
  /** The user's id in the realm (uuid): the key of memberships and audit entries. */
  subject: string;
  username: string | null;
  /** The `name` claim (Keycloak's profile scope), when the token has one. */
  name?: string | null;
  /**
   * A service account's token (client credentials): Keycloak's service_account scope gives those,
   * and only those, a `client_id` claim, and names their user `service-account-<client>`.
   */
  serviceAccount?: boolean;
  email: string | null;
  emailVerified: boolean;
  /** The realm roles this system knows; others are dropped. */
  realmRoles: Role[];
  /** The client the token was issued to. */
  azp: string;
  expiresAt: Date;
}

export interface TokenVerifierOptions {
  /** Least time between JWKS fetches caused by an unknown kid (keycloak-connect's default: 10 s). */
  minJwksRefetchIntervalMs?: number;
  jwksTimeoutMs?: number;
}

type Claims = Record<string, unknown>;

interface PublicJwk {
  kty: 'RSA';
  kid: string;
  n: string;
  e: string;
  use?: string;
  alg?: string;
}

/** keycloak-connect internals this class relies on (not in its typings). */
interface Rotation {
  jwks: PublicJwk[];
  lastTimeRequesTime: number;
  /** The key its signature check uses; its own converts the JWK to PEM on every token. */
  getJWK(kid: string): Promise<KeyObject | string>;
}
interface GrantManagerInternals {
  rotation: Rotation;
  createGrant(raw: string): Promise<unknown>;
}

/** Keycloak signs with header typ JWT; RFC 9068 access tokens say at+jwt. */
const HEADER_TYPES = new Set(['jwt', 'at+jwt']);
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const NBF_LEEWAY_SECONDS = 5;
/** Clock skew allowed between the identity provider and us; a later `iat` is a forged or broken token. */
export const IAT_LEEWAY_SECONDS = 60;

const invalid = (message: string) => new AppError('AUTH.TOKEN_INVALID', message);
const malformed = () => new AppError('AUTH.TOKEN_MALFORMED', 'The bearer token is not a well-formed JWT');

const isObject = (value: unknown): value is Claims =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function decodePart(part: string): Claims {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!isObject(value)) {
    throw malformed();
  }
  return value;
}

function decode(raw: string): { header: Claims; payload: Claims; signature: string } {
  const parts = raw.split('.');
  if (raw.length > MAX_TOKEN_LENGTH || parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) {
    throw malformed();
  }
  const [header, payload, signature] = parts;
  if (header === '' || payload === '') {
    throw malformed();
  }
  return { header: decodePart(header), payload: decodePart(payload), signature };
}

function isRsaSigningKey(key: unknown): key is PublicJwk {
  return (
    isObject(key) &&
    key.kty === 'RSA' &&
    typeof key.kid === 'string' &&
    typeof key.n === 'string' &&
    typeof key.e === 'string' &&
    (key.use === undefined || key.use === 'sig') &&
    (key.alg === undefined || key.alg === 'RS256')
  );
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Either sign will do: a realm whose service_account scope lost its client_id mapper still names the user so. */
const isServiceAccount = (payload: Claims): boolean =>
  str(payload.client_id) !== null ||
  (str(payload.preferred_username)?.startsWith('service-account-') ?? false);

export class KeycloakTokenVerifier {
  /** The expected `iss`: <keycloakUrl>/realms/<realm>. */
  readonly issuer: string;
  private readonly grants: GrantManagerInternals;
  private readonly minRefetchIntervalMs: number;
  private readonly jwksTimeoutMs: number;
  private lastJwksFetch = Number.NEGATIVE_INFINITY;
  private jwksFetch: Promise<void> | null = null;
  /** Each signing key imported once; a refetched set brings new JWK objects, so a removed key goes with it. */
  private readonly publicKeys = new WeakMap<PublicJwk, KeyObject>();

  constructor(
    private readonly config: IdentityConfig,
    options: TokenVerifierOptions = {},
  ) {
    const keycloakUrl = config.keycloakUrl.replace(/\/+$/, '');
    this.issuer = `${keycloakUrl}/realms/${config.realm}`;
    this.minRefetchIntervalMs = options.minJwksRefetchIntervalMs ?? 10_000;
    this.jwksTimeoutMs = options.jwksTimeoutMs ?? 5_000;
    const keycloak = new KeycloakConnect(
      {},
      {
        realm: config.realm,
        'auth-server-url': keycloakUrl,
        resource: config.audience,
        'bearer-only': true,
        'ssl-required': 'external',
        'confidential-port': 0,
      },
    );
    this.grants = keycloak.grantManager as unknown as GrantManagerInternals;
    this.grants.rotation.getJWK = (kid) => this.publicKey(kid);
  }

  async verify(rawToken: string | null | undefined): Promise<VerifiedToken> {
    if (!rawToken) {
      throw new AppError('AUTH.TOKEN_MISSING', 'A bearer token is required');
    }
    const { header, payload, signature } = decode(rawToken);
    if (header.alg !== 'RS256' || signature === '') {
      throw invalid('The token is not signed with RS256');
    }
    if (typeof header.typ !== 'string' || !HEADER_TYPES.has(header.typ.toLowerCase())) {
      throw invalid('The token is not an access token');
    }
    if (header.crit !== undefined) {
      throw invalid('The token has critical header parameters');
    }
    if (typeof header.kid !== 'string' || header.kid === '') {
      throw invalid('The token names no signing key');
    }
    await this.ensureKey(header.kid);

    try {
      // Bearer-only: validates the access token (signature, exp, payload typ Bearer, iss) and nothing else.
      await this.grants.createGrant(JSON.stringify({ access_token: rawToken }));
    } catch {
      // Includes keycloak-connect's TypeErrors: any failure is a rejection, never a crash.
      throw isExpired(payload.exp)
        ? new AppError('AUTH.TOKEN_EXPIRED', 'The token has expired')
        : invalid('The token is not valid');
    }
    return this.checkClaims(payload);
  }

  /** What keycloak-connect does not check. */
  private checkClaims(payload: Claims): VerifiedToken {
    const now = Date.now() / 1000;
    if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
      throw invalid('The token has no expiry');
    }
    if (typeof payload.nbf === 'number' && payload.nbf > now + NBF_LEEWAY_SECONDS) {
      throw invalid('The token is not valid yet');
    }
    if (
      payload.iat !== undefined &&
      (typeof payload.iat !== 'number' || payload.iat > now + IAT_LEEWAY_SECONDS)
    ) {
      throw invalid('The token was issued in the future');
    }
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(this.config.audience)) {
      throw new AppError('AUTH.TOKEN_WRONG_AUDIENCE', `The token is not meant for ${this.config.audience}`);
    }
    const azp = str(payload.azp);
    if (azp === null || !this.config.allowedClients.includes(azp)) {
      throw invalid('The token was issued to a client this API does not accept');
    }
    const subject = str(payload.sub);
    if (subject === null) {
      throw invalid('The token has no subject');
    }
    const realmAccess = isObject(payload.realm_access) ? payload.realm_access : {};
    const roles = Array.isArray(realmAccess.roles) ? realmAccess.roles : [];
    return {
      subject,
      username: str(payload.preferred_username),
      name: str(payload.name),
      serviceAccount: isServiceAccount(payload),
      email: str(payload.email),
      emailVerified: payload.email_verified === true,
      realmRoles: roles.filter(isRole),
      azp,
      expiresAt: new Date(payload.exp * 1000),
    };
  }

  /** The key keycloak-connect verifies a signature with (ensureKey has fetched it, or it is refused). */
  private publicKey(kid: string): Promise<KeyObject> {
    const jwk = this.grants.rotation.jwks.find((key) => key.kid === kid);
    if (!jwk) {
      return Promise.reject(new Error('unknown signing key'));
    }
    let key = this.publicKeys.get(jwk);
    if (!key) {
      try {
        key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      this.publicKeys.set(jwk, key);
    }
    return Promise.resolve(key);
  }

  private hasKey(kid: string): boolean {
    return this.grants.rotation.jwks.some((key) => key.kid === kid);
  }

  /** Makes sure keycloak-connect knows the key: on an unknown kid, refetch the JWKS, at most once per interval. */
  private async ensureKey(kid: string): Promise<void> {
    if (this.hasKey(kid)) {
      return;
    }
    if (this.jwksFetch === null && Date.now() - this.lastJwksFetch >= this.minRefetchIntervalMs) {
      this.lastJwksFetch = Date.now();
      this.jwksFetch = this.fetchJwks().finally(() => {
        this.jwksFetch = null;
      });
    }
    if (this.jwksFetch !== null) {
      try {
        await this.jwksFetch;
      } catch {
        throw new AppError('SERVICE.UNAVAILABLE', 'The identity provider could not be reached');
      }
    }
    if (!this.hasKey(kid)) {
      throw this.grants.rotation.jwks.length === 0
        ? new AppError('SERVICE.UNAVAILABLE', 'The identity provider has not given its signing keys yet')
        : invalid('The token is signed by an unknown key');
    }
  }

  private async fetchJwks(): Promise<void> {
    const res = await fetch(`${this.issuer}/protocol/openid-connect/certs`, {
      signal: AbortSignal.timeout(this.jwksTimeoutMs),
      headers: { Accept: 'application/json' },
    });
    if (!res.ok) {
      throw new Error(`JWKS request failed with HTTP ${res.status}`);
    }
    const body: unknown = await res.json();
    const keys = isObject(body) && Array.isArray(body.keys) ? body.keys.filter(isRsaSigningKey) : [];
    // Replaces the set: a key the realm has removed stops verifying.
    this.grants.rotation.jwks = keys;
    this.grants.rotation.lastTimeRequesTime = Date.now() / 1000;
  }
}

function isExpired(exp: unknown): boolean {
  return typeof exp === 'number' && exp * 1000 < Date.now();
}
