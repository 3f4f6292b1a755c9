import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import { describeError, purgeProcessedInbox, purgePublishedOutbox } from '#messaging';
import { SERVICE_CONFIG } from './outbox.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the outbox and inbox tables small. Plain DELETEs with a time bound, so every replica may run
 * it at the same time without harm.
 */
@Injectable()
export class MessagingHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessagingHousekeeping.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalMs } = this.config.messagingRetention;
    this.timer = setInterval(() => void this.runSafely(), intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  async runOnce(now = new Date()): Promise<{ outbox: number; inbox: number }> {
    const { outboxDays, inboxDays } = this.config.messagingRetention;
    const outbox = await purgePublishedOutbox(this.dataSource, new Date(now.getTime() - outboxDays * DAY_MS));
    const inbox = await purgeProcessedInbox(this.dataSource, new Date(now.getTime() - inboxDays * DAY_MS));
    return { outbox, inbox };
  }

  private async runSafely(): Promise<void> {
    try {
      const removed = await this.runOnce();
      if (removed.outbox + removed.inbox > 0) {
        this.logger.log(`removed ${removed.outbox} published outbox rows and ${removed.inbox} inbox rows`);
      }
    } catch (error) {
      this.logger.warn(`messaging housekeeping failed: ${describeError(error)}`);
    }
  }
}
