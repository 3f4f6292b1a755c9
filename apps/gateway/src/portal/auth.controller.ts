import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiHeader,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '#auth';
import { AppError } from '#contracts';
import { correlationIdOf, type GatewayRequest } from '../http/request-context.js';
import {
  LoginQuery,
  LogoutResponse,
  SessionQuery,
  SessionResponse,
  SwitchOrganisationDto,
} from './auth.dto.js';
import { clearCookie, cookieOptions, readCookie } from './cookies.js';
import { csrfRefusal } from './csrf.js';
import { PortalSessions, sessionEnded, type SessionView } from './portal-sessions.js';
import { safeReturnTo } from './return-to.js';
import { csrfError } from './session.guard.js';
import { PENDING_LOGIN_TTL_MS, type StoredSession } from './session-store.js';

const invalid = (field: string, reason: string) =>
  new AppError('VALIDATION.FAILED', 'The request is invalid', [{ field, reasons: [reason] }]);

/**
 * The portal's login through the gateway (backend-for-frontend): the browser never sees a token,
 * only the HttpOnly session cookie and the session's CSRF token. Outside /api/v1, no bearer token.
 */
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(@Inject(PortalSessions) private readonly sessions: PortalSessions) {}

  /** Starts the login at the identity provider; back on `returnTo` (a path of the portal) after it. */
  @Get('login')
  @ApiFoundResponse({ description: 'To the identity provider; sets the short-lived login cookie' })
  @ApiBadRequestResponse({ description: 'VALIDATION.FAILED: returnTo is not a path of the portal, or lang' })
  async login(@Req() req: GatewayRequest, @Res() res: Response, @Query() query: LoginQuery): Promise<void> {
    const returnTo =
      query.returnTo === undefined ? '/' : safeReturnTo(query.returnTo, this.sessions.publicOrigin);
    if (returnTo === null) {
      throw invalid('returnTo', 'returnTo must be a path of the portal, starting with a single /');
    }
    const lang = query.lang;
    const { url, browserSecret } = await this.sessions.begin(
      returnTo,
      lang ?? null,
      readCookie(req.headers.cookie, this.sessions.cookies.login),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.cookie(
      this.sessions.cookies.login,
      browserSecret,
      cookieOptions(this.sessions.cookies, PENDING_LOGIN_TTL_MS),
    );
    res.redirect(302, url);
  }

  /** The identity provider's redirect back: a new session, its cookie, and on to `returnTo`. */
  @Get('callback')
  @ApiResponse({ status: 303, description: 'To returnTo, with the HttpOnly session cookie' })
  @ApiBadRequestResponse({
    description:
      'VALIDATION.FAILED: the state is unknown, spent or not this browser’s, or the answer does not verify',
  })
  async callback(@Req() req: GatewayRequest, @Res() res: Response): Promise<void> {
    const { cookies } = this.sessions;
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const { sessionId, returnTo } = await this.sessions.complete(
      req.query.state,
      query,
      readCookie(req.headers.cookie, cookies.login),
      correlationIdOf(req),
    );
    const previous = readCookie(req.headers.cookie, cookies.session);
    if (previous !== null) {
      await this.sessions.discard(previous);
    }
    res.setHeader('Cache-Control', 'no-store');
    // The login cookie stays until it expires: another tab's login may still need it.
    res.cookie(cookies.session, sessionId, cookieOptions(cookies));
    res.redirect(303, returnTo);
  }

  /**
   * Who is signed in, for which organisation, the CSRF token for state-changing requests and when
   * the session ends. Counts as activity unless `touch=false` (a timer asking when it ends).
   */
  @Get('session')
  @ApiCookieAuth()
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'AUTH.TOKEN_MISSING: no session, or it has ended' })
  async session(
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: Response,
    @Query() query: SessionQuery,
  ): Promise<SessionView> {
    const touch = query.touch;
    const { id } = await this.current(req);
    const session = await this.sessions.fresh(id);
    if (touch !== 'false') {
      await this.sessions.touch(id, session);
    }
    const latest = (await this.sessions.load(id))?.session ?? session;
    res.setHeader('Cache-Control', 'no-store');
    return this.sessions.view(latest, correlationIdOf(req));
  }

  /** Acts for another of the user's organisations from now on. */
  @Put('session/organisation')
  @ApiCookieAuth()
  @ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The session’s csrfToken' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'AUTH.TOKEN_MISSING: no session, or it has ended' })
  @ApiForbiddenResponse({ description: 'AUTH.CSRF; AUTH.FORBIDDEN: not a member of that organisation' })
  async switchOrganisation(
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: Response,
    @Body() body: SwitchOrganisationDto,
  ): Promise<SessionView> {
    const { id, stored } = await this.current(req);
    this.checkCsrf(req, stored);
    const session = await this.sessions.switchOrganisation(
      id,
      body.organisationId.toLowerCase(),
      correlationIdOf(req),
    );
    res.setHeader('Cache-Control', 'no-store');
    return this.sessions.view(session, correlationIdOf(req));
  }

  /** Ends the session (and its refresh token); the page then follows endSessionUrl to end it at the IdP. */
  @Post('logout')
  @HttpCode(200)
  @ApiCookieAuth()
  @ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The session’s csrfToken' })
  @ApiOkResponse({ type: LogoutResponse })
  @ApiUnauthorizedResponse({ description: 'AUTH.TOKEN_MISSING: no session, or it has ended' })
  @ApiForbiddenResponse({ description: 'AUTH.CSRF' })
  async logout(
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ endSessionUrl: string }> {
    const { cookies } = this.sessions;
    const { id, stored } = await this.current(req, res);
    this.checkCsrf(req, stored);
    const endSessionUrl = await this.sessions.logout(id, stored.session);
    clearCookie(res, cookies, cookies.session);
    res.setHeader('Cache-Control', 'no-store');
    return { endSessionUrl };
  }

  /** The request's live session, or 401 (and the stale cookie cleared when a response is given). */
  private async current(req: GatewayRequest, res?: Response): Promise<{ id: string; stored: StoredSession }> {
    const { cookies } = this.sessions;
    const id = readCookie(req.headers.cookie, cookies.session);
    const stored = id === null ? null : await this.sessions.load(id);
    if (id === null || stored === null) {
      if (res && id !== null) {
        clearCookie(res, cookies, cookies.session);
      }
      throw sessionEnded();
    }
    return { id, stored };
  }

  private checkCsrf(req: GatewayRequest, stored: StoredSession): void {
    const refusal = csrfRefusal(req.headers, stored.session.csrfToken, this.sessions.publicOrigin);
    if (refusal !== null) {
      throw csrfError(refusal);
    }
  }
}
