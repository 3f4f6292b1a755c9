import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommonConfig } from '#config';
import { purgeProcessedInbox, purgePublishedOutbox } from '#messaging';
import { SERVICE_CONFIG } from './outbox.js';
import { PeriodicJob } from './periodic-job.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the outbox and inbox tables small. Plain DELETEs with a time bound, so every replica may run
 * it at the same time without harm.
 */
@Injectable()
export class MessagingHousekeeping implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagingHousekeeping.name);
  private readonly job: PeriodicJob;

  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
  ) {
    this.job = new PeriodicJob({
      name: MessagingHousekeeping.name,
      intervalMs: config.messagingRetention.intervalMs,
      run: () => this.runAndReport(),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async runOnce(now = new Date()): Promise<{ outbox: number; inbox: number }> {
    const { outboxDays, inboxDays } = this.config.messagingRetention;
    const outbox = await purgePublishedOutbox(this.dataSource, new Date(now.getTime() - outboxDays * DAY_MS));
    const inbox = await purgeProcessedInbox(this.dataSource, new Date(now.getTime() - inboxDays * DAY_MS));
    return { outbox, inbox };
  }

  private async runAndReport(): Promise<void> {
    const removed = await this.runOnce();
    if (removed.outbox + removed.inbox > 0) {
      this.logger.log(`removed ${removed.outbox} published outbox rows and ${removed.inbox} inbox rows`);
    }
  }
}
