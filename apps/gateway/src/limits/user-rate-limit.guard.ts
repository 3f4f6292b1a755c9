import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '#auth';
import type { GatewayConfig } from '#config';
import { AppError } from '#contracts';
import { GATEWAY_LIMITS_CONFIG } from './limits.tokens.js';
import { FixedWindowCounter } from './fixed-window.js';

/**
 * The per-user limit, after authentication and before anything reaches a service: the per-address
 * limit alone lets one user spread a flood over many addresses, and puts everyone behind one NAT
 * in one bucket. Keyed by the token's subject; over it, 429 RATE.LIMITED with Retry-After.
 */
@Injectable()
export class UserRateLimitGuard implements CanActivate {
  private readonly counter: FixedWindowCounter;

  constructor(@Inject(GATEWAY_LIMITS_CONFIG) config: GatewayConfig) {
    this.counter = new FixedWindowCounter(config.limits.userRateLimitPerMinute, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Public routes have no principal: the per-address limit is theirs.
    const subject = request.principal?.subject;
    if (!subject) {
      return true;
    }
    const { allowed, retryAfterMs } = this.counter.hit(subject);
    if (!allowed) {
      const res = context.switchToHttp().getResponse<Response>();
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
      throw new AppError('RATE.LIMITED', 'Too many requests from this user; try again later');
    }
    return true;
  }
}
