import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest, VerifiedToken } from '#auth';
import type { GatewayConfig } from '#config';
import { AppError, type Actor } from '#contracts';
import { ServiceClient } from '#messaging';
import { resolveMembership, WithoutOrganisation } from '../http/actor.guard.js';
import type { ActorRequest } from '../http/caller.js';
import { StreamSlots } from '../limits/stream-slots.js';
import { PortalSessions } from '../portal/portal-sessions.js';
import type { CookieSession, SessionRequest } from '../portal/session.guard.js';
import { StreamAccess } from './stream-access.js';
import { STREAM_CONFIG, StreamHub, type StreamSink } from './stream.hub.js';
import { formatSse, type StreamEvent } from './stream-visibility.js';

const HEARTBEAT_MS = 15_000;
// Browsers reconnect after this long, sending the last id they saw as Last-Event-ID.
const RETRY_MS = 3_000;

function parseLastEventId(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') {
    return null;
  }
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
      { field: 'Last-Event-ID', reasons: ['Last-Event-ID must be the id of an event this stream sent'] },
    ]);
  }
  return Number(header.trim());
}

@ApiTags('stream')
@ApiBearerAuth()
@WithoutOrganisation()
@Controller('stream')
export class StreamController {
  constructor(
    @Inject(StreamHub) private readonly hub: StreamHub,
    @Inject(STREAM_CONFIG) private readonly config: GatewayConfig,
    @Inject(ServiceClient) private readonly services: ServiceClient,
    @Inject(PortalSessions) private readonly sessions: PortalSessions,
    @Inject(StreamSlots) private readonly slots: StreamSlots,
  ) {}

  /** A slot of STREAM_MAX_PER_USER / STREAM_MAX_CONNECTIONS, or 429 with Retry-After. */
  private takeSlot(userId: string, res: Response): () => void {
    try {
      return this.slots.acquire(userId);
    } catch (error) {
      res.setHeader('Retry-After', String(Math.ceil(RETRY_MS / 1000)));
      throw error;
    }
  }

  /** A stream on the portal's session cookie lives as long as the session (not its access token). */
  private async sessionLives(cookie: CookieSession | undefined): Promise<boolean> {
    return (
      cookie === undefined || (await this.sessions.streamDeadline(cookie.id, cookie.organisationId)) !== null
    );
  }

  /**
   * As the ActorGuard on every request: is the caller still an active member of the organisation
   * the stream was opened for (and that organisation still active)? A refusal is false.
   */
  private async stillMember(principal: VerifiedToken, actor: Actor): Promise<boolean> {
    const membership = await resolveMembership(
      this.services,
      principal,
      actor.organisationId,
      `stream-recheck-${randomUUID()}`,
    );
    return membership.activeOrganisationId === actor.organisationId;
  }

  /**
   * Server-Sent Events: what changes that the caller may see (referrals their organisation sent or
   * received, their own notifications), within a second. Each event's id is its position in the
   * event stream; a reconnect with Last-Event-ID gets what it missed first. The connection closes
   * when the token expires (reconnect with a fresh one; on the portal's session cookie: when the
   * session ends, across token refreshes), and when the caller is no longer an active member of the
   * organisation or it was deactivated (checked every STREAM_RECHECK_MS).
   */
  @Get()
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
  @ApiOkResponse({
    description:
      'text/event-stream. First `event: ready` (data `{ position }`), then events named after their type ' +
      '(`referrals.referral.sent`, `referrals.referral.status_changed`, `referrals.message.posted`, ' +
      '`notifications.notification.created`, …) with data `{ type, eventId, occurredAt, data }` (ids and codes only); ' +
      '`event: reset` when missed events cannot be replayed (reload the views).',
  })
  async stream(
    @Req() req: ActorRequest & AuthenticatedRequest & SessionRequest,
    @Res() res: Response,
    @Headers('last-event-id') lastEventIdHeader?: string,
  ): Promise<void> {
    const after = parseLastEventId(lastEventIdHeader);
    const actor = req.actor;
    const principal = req.principal;
    const cookie = req.portalSession;
    if (!actor || !principal) {
      throw new AppError('AUTH.FORBIDDEN', 'The request is not bound to a user');
    }
    const deadline = cookie
      ? await this.sessions.streamDeadline(cookie.id, cookie.organisationId)
      : principal.expiresAt.getTime();
    if (deadline === null) {
      throw new AppError('AUTH.TOKEN_MISSING', 'The session has ended; sign in again');
    }
    const releaseSlot = this.takeSlot(actor.userId, res);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);

    let open = true;
    const writeNow = (chunk: string) => {
      if (open) {
        res.write(chunk);
      }
    };
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => undefined as void;
    const close = () => {
      if (!open) {
        return;
      }
      open = false;
      releaseSlot();
      timers.forEach((timer) => clearTimeout(timer));
      access.dispose();
      unsubscribe();
      res.end();
    };
    // Frames go out only while the membership holds (re-resolved every STREAM_RECHECK_MS).
    const access = new StreamAccess({
      intervalMs: this.config.streamRecheckMs,
      verify: async () => (await this.stillMember(principal, actor)) && (await this.sessionLives(cookie)),
      deliver: writeNow,
      close,
    });
    const write = (chunk: string) => access.push(chunk);
    const sink: StreamSink = {
      viewer: { userId: actor.userId, organisationId: actor.organisationId },
      send: (event: StreamEvent) => write(formatSse(event)),
      reset: (reason: string) => write(`event: reset\ndata: ${JSON.stringify({ reason })}\n\n`),
      close,
    };
    res.on('close', close);
    timers.push(setInterval(() => writeNow(': keep-alive\n\n'), HEARTBEAT_MS));
    timers.push(setInterval(() => void access.recheck(), this.config.streamRecheckMs));
    // The token's lifetime (or the session's longest) bounds the connection: the client comes back.
    timers.push(setTimeout(close, Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1)));

    try {
      const subscription = await this.hub.subscribe(sink, after);
      unsubscribe = subscription.unsubscribe;
      if (!open) {
        subscription.unsubscribe();
        return;
      }
      write(
        `id: ${subscription.position}\nevent: ready\ndata: ${JSON.stringify({ position: subscription.position })}\n\n`,
      );
    } catch {
      writeNow(`event: error\ndata: ${JSON.stringify({ code: 'SERVICE.UNAVAILABLE' })}\n\n`);
      close();
    }
  }
}
