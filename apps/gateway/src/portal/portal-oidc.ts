// The gateway as the OIDC client `moni-portal` (confidential, code flow with PKCE), through
// openid-client: discovery, the authorization URL, the code exchange with its ID token and nonce
// checks, refresh, revocation and the end-session URL. Tokens are never logged.
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { GatewayConfig } from '#config';
import { AppError } from '#contracts';
import { PORTAL_GATEWAY_CONFIG } from './portal-config.js';

export interface PortalTokens {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string | null;
  idToken: string | null;
}

export interface LoginRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  lang: string | null;
}

export interface LoginResult extends PortalTokens {
  /** The ID token's display name, when it has one. */
  name: string | null;
}

const unavailable = () => new AppError('SERVICE.UNAVAILABLE', 'The identity provider could not be reached');

/** The IdP refused the grant: the refresh token is no longer valid (session ended at the IdP). */
export class GrantRefusedError extends Error {}

function toTokens(response: oidc.TokenEndpointResponse, previous?: PortalTokens): PortalTokens {
  const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : 60;
  return {
    accessToken: response.access_token,
    accessExpiresAt: Date.now() + expiresIn * 1000,
    // A refresh may or may not rotate the refresh token (and re-issue the ID token).
    refreshToken: response.refresh_token ?? previous?.refreshToken ?? null,
    idToken: response.id_token ?? previous?.idToken ?? null,
  };
}

@Injectable()
export class PortalOidc {
  private readonly logger = new Logger(PortalOidc.name);
  private configuration: Promise<oidc.Configuration> | null = null;
  readonly issuer: string;
  readonly redirectUri: string;

  constructor(@Inject(PORTAL_GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.issuer = `${config.identity.keycloakUrl.replace(/\/+$/, '')}/realms/${config.identity.realm}`;
    this.redirectUri = `${config.portal.url}/auth/callback`;
  }

  async authorizationUrl(login: LoginRequest): Promise<string> {
    const configuration = await this.discover();
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      state: login.state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (login.lang !== null) {
      parameters.ui_locales = login.lang;
    }
    return oidc.buildAuthorizationUrl(configuration, parameters).href;
  }

  /**
   * Exchanges the code of the callback (whose query is given) for tokens; openid-client checks the
   * state, the issuer of the response, PKCE, the ID token (signature, iss, aud, exp) and its nonce.
   * A refusal of any of these is a 400.
   */
  async exchange(callbackQuery: string, login: Omit<LoginRequest, 'lang'>): Promise<LoginResult> {
    const configuration = await this.discover();
    const currentUrl = new URL(`${this.redirectUri}${callbackQuery}`);
    let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      response = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (isNetworkError(error) || (error instanceof oidc.ResponseBodyError && error.status >= 500)) {
        throw unavailable();
      }
      this.logger.warn({ reason: describe(error) }, 'the login callback was refused');
      throw new AppError('VALIDATION.FAILED', 'The login could not be completed; start again', [
        { field: 'code', reasons: ['The identity provider’s answer could not be verified'] },
      ]);
    }
    const claims = response.claims();
    return {
      ...toTokens(response),
      name: typeof claims?.name === 'string' && claims.name !== '' ? claims.name : null,
    };
  }

  /** New tokens for the refresh token; GrantRefusedError when the IdP says it is no longer valid. */
  async refresh(previous: PortalTokens): Promise<PortalTokens> {
    if (previous.refreshToken === null) {
      throw new GrantRefusedError('no refresh token');
    }
    const configuration = await this.discover();
    try {
      return toTokens(await oidc.refreshTokenGrant(configuration, previous.refreshToken), previous);
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant') {
        throw new GrantRefusedError(error.error);
      }
      this.logger.warn({ reason: describe(error) }, 'a token refresh failed');
      throw unavailable();
    }
  }

  /** Revokes the refresh token at the IdP (RFC 7009). */
  async revoke(refreshToken: string): Promise<void> {
    const configuration = await this.discover();
    await oidc.tokenRevocation(configuration, refreshToken, { token_type_hint: 'refresh_token' });
  }

  /** RP-initiated logout: where the browser goes to end its session at the IdP too. */
  async endSessionUrl(idToken: string | null): Promise<string> {
    const configuration = await this.discover();
    const parameters: Record<string, string> = {
      client_id: this.config.portal.clientId,
      post_logout_redirect_uri: `${this.config.portal.url}/`,
    };
    if (idToken !== null) {
      parameters.id_token_hint = idToken;
    }
    return oidc.buildEndSessionUrl(configuration, parameters).href;
  }

  /** The IdP's metadata, fetched on first use (the IdP may start after the gateway) and kept. */
  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.issuer),
        this.config.portal.clientId,
        { client_secret: this.config.portal.clientSecret },
        oidc.ClientSecretBasic(this.config.portal.clientSecret),
        {
          // Plain http only where KEYCLOAK_URL says so (the dev IdP on loopback, a compose network).
          execute: this.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
          timeout: 5,
        },
      )
      .catch((error: unknown) => {
        this.configuration = null;
        this.logger.warn({ reason: describe(error) }, 'OIDC discovery failed');
        throw unavailable();
      });
    return this.configuration;
  }
}

function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
    return `${error.code}: ${error.error}`;
  }
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  const label = typeof code === 'string' ? code : name;
  return typeof label === 'string' ? label : 'error';
}

/** The IdP did not answer (refused connection, timeout), as opposed to answering "no". */
function isNetworkError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    name === 'TimeoutError' ||
    name === 'AbortError'
  );
}
