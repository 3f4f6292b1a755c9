import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '#contracts';
import { OutboxWriter } from '#messaging';
import { PeriodicJob } from '#service-core';
import { REFERRALS_CONFIG, type ReferralsConfig } from '../config.js';
import { ReferralRepository } from '../referral/referral.repository.js';
import { planTransition } from '../referral/referral-state-machine.js';
import { eventParties, ReferralChanges } from '../referral/referral-changes.js';

const BATCH = 100;

/**
 * The response promise: referrals past their due date are flagged overdue once (both sides get
 * reminded through the event), and after the grace they are cancelled with reason `expired`.
 * Every replica runs it; rows are claimed with FOR UPDATE SKIP LOCKED, so none is handled twice.
 */
@Injectable()
export class ResponsePromiseJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(REFERRALS_CONFIG) private readonly config: ReferralsConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly changes: ReferralChanges,
    private readonly outbox: OutboxWriter,
  ) {
    this.job = new PeriodicJob({
      name: 'ResponsePromiseJob',
      intervalMs: config.schedulerIntervalMs,
      run: () => this.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass; returns how many referrals were flagged overdue and how many expired. */
  async runOnce(now = new Date()): Promise<{ overdue: number; expired: number }> {
    let overdue = 0;
    let expired = 0;
    for (;;) {
      const flagged = await this.dataSource.transaction(async (manager) => {
        const rows = await this.referrals.claimNewlyOverdue(manager, now, BATCH);
        for (const referral of rows) {
          referral.overdueNotifiedAt = now;
          await this.referrals.save(manager, referral);
          await this.outbox.append(
            manager,
            'events.referrals.referral.overdue',
            { ...eventParties(referral), dueAt: referral.dueAt.toISOString() },
            { actor: SYSTEM_ACTOR, correlationId: `response-promise:${referral.id}` },
          );
        }
        return rows.length;
      });
      overdue += flagged;
      if (flagged < BATCH) {
        break;
      }
    }
    for (;;) {
      const cancelled = await this.dataSource.transaction(async (manager) => {
        const rows = await this.referrals.claimExpired(manager, now, BATCH);
        // Every counter the cancellations change, locked up front in key order (no deadlock with users).
        await this.referrals.lockCounters(manager, rows, ['cancelled']);
        for (const referral of rows) {
          const plan = planTransition({
            from: referral.status,
            to: 'cancelled',
            party: 'system',
            reasonCode: 'expired',
          });
          await this.changes.apply(
            manager,
            referral,
            plan,
            {},
            {
              actor: SYSTEM_ACTOR,
              correlationId: `response-promise:${referral.id}`,
            },
          );
        }
        return rows.length;
      });
      expired += cancelled;
      if (cancelled < BATCH) {
        break;
      }
    }
    return { overdue, expired };
  }
}
