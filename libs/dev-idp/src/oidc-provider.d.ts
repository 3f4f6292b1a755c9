// oidc-provider ships no types; these cover only what the dev identity provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
    clientAuthMethod: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    grantTypeAllowed(type: string): boolean;
    redirectUriAllowed(uri: string): boolean;
    postLogoutRedirectUriAllowed(uri: string): boolean;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[] };
    params: Record<string, unknown> & { client_id?: string; scope?: string };
    session?: { accountId?: string };
  }

  export interface KoaContextWithOIDC {
    status: number;
    body: unknown;
    oidc: {
      client: OidcClient;
      params: Record<string, unknown>;
      route?: string;
    };
  }

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<AccountClaims> | AccountClaims;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience: string;
    accessTokenTTL?: number;
    accessTokenFormat: 'jwt' | 'opaque';
    jwt?: { sign?: { alg: string } };
  }

  /** The access token or client-credentials token being formatted as a JWT. */
  export interface FormattedToken {
    accountId?: string;
    clientId: string;
    kind: string;
  }

  export interface JwtStructure {
    header?: Record<string, unknown>;
    payload: Record<string, unknown>;
  }

  interface GrantInstance {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  interface AccessTokenInstance {
    resourceServer: unknown;
    scope?: string;
    expiration: number;
    save(): Promise<string>;
  }

  interface RefreshTokenInstance {
    expiration: number;
    save(): Promise<string>;
  }

  interface IdTokenInstance {
    scope: string;
    issue(options: { use: 'idtoken' }): Promise<string>;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    registerGrantType(
      name: string,
      handler: (ctx: KoaContextWithOIDC) => Promise<void>,
      params?: string | string[],
      dupes?: string | string[],
    ): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;

    Client: { prototype: OidcClient };
    Grant: new (properties: { accountId: string; clientId: string }) => GrantInstance;
    AccessToken: new (properties: {
      accountId: string;
      client: OidcClient;
      grantId: string;
      gty: string;
      scope: string;
    }) => AccessTokenInstance;
    RefreshToken: new (properties: {
      accountId: string;
      client: OidcClient;
      grantId: string;
      gty: string;
      scope: string;
      resource: string;
      rotations: number;
      expiresWithSession: boolean;
      authTime: number;
    }) => RefreshTokenInstance;
    IdToken: new (claims: AccountClaims, options: { ctx: KoaContextWithOIDC }) => IdTokenInstance;
    ResourceServer: new (identifier: string, info: ResourceServerInfo) => unknown;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    InvalidRequest: new (description?: string) => Error;
  };

  export default Provider;
}
