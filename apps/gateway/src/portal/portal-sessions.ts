// What a portal session does: begin and complete the login, keep the access token fresh (one
// refresh at a time across replicas), describe itself to the portal, switch organisation, end.
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { KeycloakTokenVerifier, type VerifiedToken } from '#auth';
import type { GatewayConfig } from '#config';
import {
  AppError,
  type LocalisedName,
  type MemberRole,
  type ResolveMembershipReply,
  type Role,
  isAppError,
} from '#contracts';
import { ServiceClient } from '#messaging';
import { resolveMembership } from '../http/actor.guard.js';
import { portalCookies, type PortalCookies } from './cookies.js';
import { PORTAL_GATEWAY_CONFIG } from './portal-config.js';
import { GrantRefusedError, PortalOidc, type PortalTokens } from './portal-oidc.js';
import { newSecret, storageKey } from './session-crypto.js';
import { SessionStore, type PortalSession, type StoredSession } from './session-store.js';

/** Refresh the access token when less than this is left. */
export const REFRESH_BEFORE_MS = 30_000;
/** A token another replica has just refreshed is used as long as this much is left. */
const USABLE_MS = 2_000;
/** How long one replica may hold the refresh; after that another takes over. */
const REFRESH_LOCK_MS = 15_000;
const REFRESH_POLL_MS = 50;

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
/** A secret of newSecret(): 32 bytes in base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface SessionView {
  user: { userId: string; username: string | null; email: string | null; name?: string };
  organisations: { id: string; name: LocalisedName; role: MemberRole }[];
  activeOrganisationId: string | null;
  role: Role | null;
  realmRoles: Role[];
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export const sessionEnded = () =>
  new AppError('AUTH.TOKEN_MISSING', 'There is no session or it has ended; sign in again');

const badState = () =>
  new AppError('VALIDATION.FAILED', 'The login could not be completed; start again', [
    { field: 'state', reasons: ['state is unknown, expired or already used'] },
  ]);

@Injectable()
export class PortalSessions {
  private readonly logger = new Logger(PortalSessions.name);
  readonly cookies: PortalCookies;
  /** Refreshes this replica is running, so that its own concurrent requests do not poll the KV. */
  private readonly refreshing = new Map<string, Promise<PortalSession>>();

  constructor(
    @Inject(PORTAL_GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(SessionStore) private readonly store: SessionStore,
    @Inject(PortalOidc) private readonly oidc: PortalOidc,
    @Inject(KeycloakTokenVerifier) private readonly verifier: KeycloakTokenVerifier,
    @Inject(ServiceClient) private readonly services: ServiceClient,
  ) {
    this.cookies = portalCookies(config.portal.url);
  }

  get publicOrigin(): string {
    return this.config.portal.url;
  }

  /**
   * Starts a login: the pending state kept for 10 minutes, and where to send the browser. The
   * browser's login secret is kept if it has one, so that two tabs can log in at the same time.
   */
  async begin(
    returnTo: string,
    lang: string | null,
    currentBrowserSecret: string | null,
  ): Promise<{ url: string; browserSecret: string }> {
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserSecret =
      currentBrowserSecret !== null && SECRET.test(currentBrowserSecret) ? currentBrowserSecret : newSecret();
    const url = await this.oidc.authorizationUrl({ state, nonce, codeVerifier, lang });
    await this.store.savePendingLogin(state, {
      nonce,
      codeVerifier,
      returnTo,
      browserKey: storageKey(browserSecret),
      createdAt: Date.now(),
    });
    return { url, browserSecret };
  }

  /** Completes the login of the callback: a new session (its cookie value) and where to go. */
  async complete(
    state: unknown,
    callbackQuery: string,
    browserSecret: string | null,
    correlationId: string,
  ): Promise<{ sessionId: string; returnTo: string }> {
    if (typeof state !== 'string' || state === '' || state.length > 512) {
      throw new AppError('VALIDATION.FAILED', 'The login could not be completed; start again', [
        { field: 'state', reasons: ['state is required'] },
      ]);
    }
    const pending = await this.store.consumePendingLogin(state);
    // The state must have been handed to this very browser (a login cookie), or an attacker could
    // make a victim's browser complete the attacker's login.
    if (pending === null || browserSecret === null || storageKey(browserSecret) !== pending.browserKey) {
      throw badState();
    }
    const result = await this.oidc.exchange(callbackQuery, {
      state,
      nonce: pending.nonce,
      codeVerifier: pending.codeVerifier,
    });
    const principal = await this.verifier.verify(result.accessToken);
    const membership = await resolveMembership(this.services, principal, null, correlationId);
    const now = Date.now();
    const sessionId = await this.store.create({
      userId: principal.subject,
      username: principal.username,
      email: principal.email,
      emailVerified: principal.emailVerified,
      name: result.name,
      realmRoles: principal.realmRoles,
      accessToken: result.accessToken,
      accessExpiresAt: result.accessExpiresAt,
      refreshToken: result.refreshToken,
      idToken: result.idToken,
      csrfToken: newSecret(),
      activeOrganisationId: membership.activeOrganisationId,
      createdAt: now,
      lastSeenAt: now,
      refreshingUntil: null,
    });
    return { sessionId, returnTo: pending.returnTo };
  }

  load(id: string): Promise<StoredSession | null> {
    return this.store.load(id);
  }

  /** Ends the session of this cookie (if any) without asking the IdP (a new login replaces it). */
  async discard(id: string): Promise<void> {
    await this.store.delete(id);
  }

  /** Marks the session as used now (at most a few writes a minute: the idle limit is in minutes). */
  async touch(id: string, session: PortalSession): Promise<void> {
    const every = Math.min(60_000, this.config.portal.sessionIdleMs / 4);
    if (Date.now() - session.lastSeenAt < every) {
      return;
    }
    try {
      await this.store.update(id, (current) => ({ ...current, lastSeenAt: Date.now() }));
    } catch (error) {
      this.logger.warn({ err: error }, 'a session could not be marked as used');
    }
  }

  /**
   * The session with an access token that has at least 30 s left: refreshed if needed, by one
   * request across all replicas at a time (a compare-and-set of the KV revision takes the turn;
   * the others wait and re-read). Throws AUTH.TOKEN_MISSING when the session has ended.
   */
  fresh(id: string): Promise<PortalSession> {
    const running = this.refreshing.get(id);
    if (running) {
      return running;
    }
    const attempt = this.freshAcrossReplicas(id).finally(() => this.refreshing.delete(id));
    this.refreshing.set(id, attempt);
    return attempt;
  }

  private async freshAcrossReplicas(id: string): Promise<PortalSession> {
    let waited = false;
    for (;;) {
      const stored = await this.store.load(id);
      if (stored === null) {
        throw sessionEnded();
      }
      const { session, revision } = stored;
      const now = Date.now();
      const left = session.accessExpiresAt - now;
      if (left > REFRESH_BEFORE_MS || (waited && left > USABLE_MS)) {
        return session;
      }
      if (session.refreshingUntil !== null && session.refreshingUntil > now) {
        waited = true;
        await sleep(REFRESH_POLL_MS);
        continue;
      }
      const lock = await this.store.replace(
        id,
        { ...session, refreshingUntil: now + REFRESH_LOCK_MS },
        revision,
      );
      if (lock === null) {
        continue;
      }
      return this.refresh(id, session);
    }
  }

  private async refresh(id: string, session: PortalSession): Promise<PortalSession> {
    let tokens: PortalTokens;
    let principal: VerifiedToken;
    try {
      tokens = await this.oidc.refresh(session);
      principal = await this.verifier.verify(tokens.accessToken);
    } catch (error) {
      if (error instanceof GrantRefusedError || (isAppError(error) && error.code.startsWith('AUTH.'))) {
        // The IdP ended the session (logout elsewhere, user disabled, refresh token expired).
        await this.store.delete(id);
        throw sessionEnded();
      }
      await this.store.update(id, (current) => ({ ...current, refreshingUntil: null }));
      throw error;
    }
    const updated = await this.store.update(id, (current) => ({
      ...current,
      ...tokens,
      realmRoles: principal.realmRoles,
      username: principal.username,
      email: principal.email,
      emailVerified: principal.emailVerified,
      refreshingUntil: null,
    }));
    if (updated === null) {
      // Logged out while refreshing: give the new refresh token back.
      await this.revokeQuietly(tokens.refreshToken);
      throw sessionEnded();
    }
    return updated;
  }

  /**
   * For a live stream opened on the cookie: when the session ends at the latest (its absolute
   * limit), or null when it has ended already or now acts for another organisation. Not activity.
   */
  async streamDeadline(id: string, organisationId: string | null): Promise<number | null> {
    const stored = await this.store.load(id);
    if (stored === null || stored.session.activeOrganisationId !== organisationId) {
      return null;
    }
    return stored.session.createdAt + this.config.portal.sessionMaxMs;
  }

  /** The verified caller as the session knows it (what the ActorGuard would get from the token). */
  principal(session: PortalSession): VerifiedToken {
    return {
      subject: session.userId,
      username: session.username,
      email: session.email,
      emailVerified: session.emailVerified,
      realmRoles: session.realmRoles,
      azp: this.config.portal.clientId,
      expiresAt: new Date(session.accessExpiresAt),
    };
  }

  async view(session: PortalSession, correlationId: string): Promise<SessionView> {
    const membership = await this.membership(session, session.activeOrganisationId, correlationId);
    return {
      user: {
        userId: session.userId,
        username: session.username,
        email: session.email,
        ...(session.name ? { name: session.name } : {}),
      },
      organisations: membership.memberships.map((m) => ({
        id: m.organisationId,
        name: m.organisationName,
        role: m.role,
      })),
      activeOrganisationId: membership.activeOrganisationId,
      role: membership.role,
      realmRoles: session.realmRoles,
      csrfToken: session.csrfToken,
      expiresAt: new Date(this.store.expiresAt(session)).toISOString(),
      idleExpiresAt: new Date(this.store.idleExpiresAt(session)).toISOString(),
      absoluteExpiresAt: new Date(this.store.absoluteExpiresAt(session)).toISOString(),
    };
  }

  /** The session acts for this organisation from now on; AUTH.FORBIDDEN if the user is not in it. */
  async switchOrganisation(
    id: string,
    organisationId: string,
    correlationId: string,
  ): Promise<PortalSession> {
    const stored = await this.store.load(id);
    if (stored === null) {
      throw sessionEnded();
    }
    const membership = await resolveMembership(
      this.services,
      this.principal(stored.session),
      organisationId,
      correlationId,
    );
    if (membership.activeOrganisationId !== organisationId) {
      throw new AppError('AUTH.FORBIDDEN', 'You are not an active member of that organisation');
    }
    const updated = await this.store.update(id, (current) => ({
      ...current,
      activeOrganisationId: organisationId,
      lastSeenAt: Date.now(),
    }));
    if (updated === null) {
      throw sessionEnded();
    }
    return updated;
  }

  /** Ends the session here and its refresh token at the IdP; where the browser ends it at the IdP. */
  async logout(id: string, session: PortalSession): Promise<string> {
    await this.store.delete(id);
    await this.revokeQuietly(session.refreshToken);
    return this.oidc.endSessionUrl(session.idToken);
  }

  private async revokeQuietly(refreshToken: string | null): Promise<void> {
    if (refreshToken === null) {
      return;
    }
    try {
      await this.oidc.revoke(refreshToken);
    } catch (error) {
      // The session is gone here either way; the refresh token dies with the IdP session or its TTL.
      this.logger.warn({ reason: (error as Error).name }, 'the refresh token could not be revoked');
    }
  }

  /** The memberships; an active organisation the user has lost falls back to none chosen. */
  private async membership(
    session: PortalSession,
    organisationId: string | null,
    correlationId: string,
  ): Promise<ResolveMembershipReply> {
    const principal = this.principal(session);
    try {
      return await resolveMembership(this.services, principal, organisationId, correlationId);
    } catch (error) {
      if (organisationId !== null && error instanceof AppError && error.code === 'AUTH.FORBIDDEN') {
        return resolveMembership(this.services, principal, null, correlationId);
      }
      throw error;
    }
  }
}
