import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PeriodicJob } from '#service-core';
import { CLIENTS_CONFIG, type ClientsConfig } from '../config.js';
import { ConsentService } from '../consents/consent.service.js';
import { RightsService } from '../rights/rights.service.js';
import { ConsentExpiryNotices } from './consent-expiry-notice.js';

/**
 * Consent expiry and retention erasure, every CLIENTS_JOB_INTERVAL_MS in every replica. The work
 * itself is replica-safe (rows claimed with FOR UPDATE SKIP LOCKED), so no leader is needed.
 */
@Injectable()
export class ScheduledJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduledJobs.name);
  private readonly job: PeriodicJob;

  constructor(
    @Inject(CLIENTS_CONFIG) private readonly config: ClientsConfig,
    private readonly consents: ConsentService,
    private readonly rights: RightsService,
    private readonly expiryNotices: ConsentExpiryNotices,
  ) {
    this.job = new PeriodicJob({
      name: 'ScheduledJobs',
      intervalMs: config.jobIntervalMs,
      run: () => this.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.usingDevKey) {
      this.logger.warn('CLIENTS_DATA_KEY is not set: using the development key (never in production)');
    }
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass of every job (the tests call it directly). */
  async runOnce(): Promise<{ expired: number; erased: number; expiring: number }> {
    const correlationId = `job-${randomUUID()}`;
    const expired = await this.consents.expireDue(correlationId);
    const expiring = await this.expiryNotices.notifyExpiring(correlationId);
    const erased = await this.rights.eraseInactive(correlationId);
    if (expired > 0 || erased > 0 || expiring > 0) {
      this.logger.log({ expired, erased, expiring, correlationId }, 'scheduled jobs');
    }
    return { expired, erased, expiring };
  }
}
