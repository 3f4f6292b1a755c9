import { Inject, Injectable } from '@nestjs/common';
import type { GatewayConfig } from '#config';
import { AppError } from '#contracts';
import { GATEWAY_LIMITS_CONFIG } from './limits.tokens.js';

/**
 * Caps the open live-update streams of this replica, per user and in all: each holds a socket, a
 * subscriber and membership re-checks, so unbounded streams are a cheap way to exhaust a gateway.
 */
@Injectable()
export class StreamSlots {
  private readonly perUser = new Map<string, number>();
  private total = 0;

  constructor(@Inject(GATEWAY_LIMITS_CONFIG) private readonly config: GatewayConfig) {}

  get open(): number {
    return this.total;
  }

  /** Takes a slot for `userId`, or refuses with 429 RATE.LIMITED; the returned function frees it once. */
  acquire(userId: string): () => void {
    const { streamMaxPerUser, streamMaxConnections } = this.config.limits;
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= streamMaxPerUser) {
      throw new AppError('RATE.LIMITED', `At most ${streamMaxPerUser} open streams per user`);
    }
    if (this.total >= streamMaxConnections) {
      throw new AppError('RATE.LIMITED', 'Too many open streams; try again later');
    }
    this.perUser.set(userId, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.total -= 1;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) {
        this.perUser.set(userId, left);
      } else {
        this.perUser.delete(userId);
      }
    };
  }
}
