// The referrals service's part of the demo history (DEMO_HISTORY=true): MONI's referrals to three
// partners over the last DEMO_HISTORY_MONTHS months, each with its status history and the events it
// would have emitted, for the statistics (time to receive, accept, complete; where the chain broke).
// They rest on no consent and share no data (none is needed for the figures). Loaded once.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DEMO_HISTORY_CLIENTS,
  DEMO_HISTORY_MONTHS,
  SYSTEM_ACTOR,
  demoHistoryClientId,
  demoRandom,
  monthStart,
  type EventDataOf,
  type EventType,
  type LocalisedName,
  type NeedCategory,
  type ReferralStatus,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { workingDaysDeadline } from '../calendar/working-days.js';
import { FieldCipher, referralFields } from '../crypto/field-cipher.js';
import type { ReferralEntity } from '../referral/referral.entity.js';
import { ReferralRepository } from '../referral/referral.repository.js';
import { REFERRALS_CONFIG, type ReferralsConfig } from '../config.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MONI = {
  id: '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d01',
  name: { fi: 'MONI – Seinäjoen kaupunki', sv: 'MONI – Seinäjoki stad', en: 'MONI (City of Seinäjoki)' },
};
/** Receivers, their referrals per month and need (apps/partners/src/demo/demo-organisations.ts). */
const RECEIVERS: Array<{ id: string; name: LocalisedName; perMonth: number; need: NeedCategory }> = [
  {
    id: '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d02',
    name: {
      fi: 'Seinäjoen seudun työllisyyspalvelut',
      sv: 'Seinäjoki regions sysselsättningstjänster',
      en: 'Seinäjoki region employment services',
    },
    perMonth: 9,
    need: 'employment',
  },
  {
    id: '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d03',
    name: { fi: 'Kela, Seinäjoen toimisto', sv: 'FPA, Seinäjoki byrå', en: 'Kela, Seinäjoki office' },
    perMonth: 7,
    need: 'benefits',
  },
  {
    id: '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d04',
    name: {
      fi: 'Suomen Punainen Risti, Seinäjoen osasto',
      sv: 'Finlands Röda Kors, Seinäjoki avdelning',
      en: 'Finnish Red Cross, Seinäjoki branch',
    },
    perMonth: 6,
    need: 'leisure_integration',
  },
];
/** How busy each month was (this month first), as the clients' demo contacts are. */
const MONTH_SCALE = [1, 0.8, 1.3, 1.1];
const REJECT_REASONS = ['no_capacity', 'not_eligible', 'outside_area'];

type Step = [status: ReferralStatus, afterHours: number, reason?: string, outcome?: string];

/** How far an open referral got: not yet received, received, or accepted. */
function openCourse(roll: number, received: Step, accepted: Step): Step[] {
  if (roll < 0.3) {
    return [];
  }
  return roll < 0.6 ? [received] : [received, accepted];
}

/** How a referral went: mostly well, some broken, the newest still open. */
function course(random: () => number, open: boolean): Step[] {
  const received: Step = ['received', 4 + random() * 40];
  const accepted: Step = ['accepted', received[1] + 12 + random() * 60];
  const roll = random();
  if (open) {
    return openCourse(roll, received, accepted);
  }
  if (roll < 0.6) {
    const started: Step = ['in_progress', accepted[1] + 24];
    return [
      received,
      accepted,
      started,
      ['completed', started[1] + 24 * (5 + random() * 25), undefined, 'service_started'],
    ];
  }
  if (roll < 0.75) {
    return [
      received,
      ['rejected', received[1] + 24 + random() * 48, REJECT_REASONS[Math.floor(random() * 3)]],
    ];
  }
  if (roll < 0.85) {
    return [received, ['cancelled', received[1] + 24 * 6, 'client_request']];
  }
  if (roll < 0.92) {
    return [['cancelled', 24 * 18, 'expired']];
  }
  const started: Step = ['in_progress', accepted[1] + 24];
  return [received, accepted, started, ['failed', started[1] + 24 * 7, undefined, 'did_not_attend']];
}

@Injectable()
export class ReferralsDemoHistory implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReferralsDemoHistory.name);

  constructor(
    @Inject(REFERRALS_CONFIG) private readonly config: ReferralsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
    private readonly referrals: ReferralRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoHistory) {
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['referrals:demo-history']);
      const [{ found }]: Array<{ found: boolean }> = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM referrals.referrals WHERE sender_user_id = 'demo-history') AS found`,
      );
      if (!found) {
        await this.load(manager, new Date());
        this.logger.log(`demo history loaded (${DEMO_HISTORY_MONTHS} months of referrals)`);
      }
    });
  }

  private async append<E extends EventType>(manager: EntityManager, type: E, data: EventDataOf<E>, at: Date) {
    await this.events.append(manager, type, data, {
      actor: SYSTEM_ACTOR,
      correlationId: `demo-history-${randomUUID()}`,
      occurredAt: at,
    });
  }

  private async load(manager: EntityManager, now: Date): Promise<void> {
    const random = demoRandom(7);
    let n = 0;
    for (let monthsBack = DEMO_HISTORY_MONTHS - 1; monthsBack >= 0; monthsBack--) {
      const start = monthStart(now, monthsBack).getTime();
      const end = Math.min(monthStart(now, monthsBack - 1).getTime(), now.getTime() - DAY);
      for (const receiver of RECEIVERS) {
        // Five or more a month, so that each partner's figures show.
        const count = Math.max(
          5,
          Math.round(receiver.perMonth * MONTH_SCALE[monthsBack % MONTH_SCALE.length]),
        );
        for (let i = 0; i < count; i++) {
          const sentAt = new Date(start + Math.floor(random() * Math.max(end - start, HOUR)));
          const steps = course(random, monthsBack === 0).filter(
            ([, hours]) => sentAt.getTime() + hours * HOUR < now.getTime(),
          );
          await this.referral(manager, n++, receiver, sentAt, steps);
        }
      }
    }
  }

  private async referral(
    manager: EntityManager,
    n: number,
    receiver: (typeof RECEIVERS)[number],
    sentAt: Date,
    steps: Step[],
  ): Promise<void> {
    const id = randomUUID();
    const referral = this.referralEntity(id, n, receiver, sentAt, steps);
    const dueAt = workingDaysDeadline(sentAt, 5);
    const at = (hours: number) => new Date(sentAt.getTime() + hours * HOUR);
    const answered = steps.find(([status]) => status === 'accepted' || status === 'rejected');
    const overdue = (answered ? at(answered[1]) : new Date()) > dueAt;
    referral.overdueNotifiedAt = overdue ? dueAt : null;
    await this.referrals.insert(manager, referral);
    const parties = {
      referralId: id,
      sendingOrganisationId: MONI.id,
      receivingOrganisationId: receiver.id,
      senderUserId: 'demo-history',
      assigneeUserId: null,
    };
    const history = async (from: ReferralStatus | null, to: ReferralStatus, when: Date, step?: Step) =>
      this.referrals.appendHistory(manager, {
        id: randomUUID(),
        referralId: id,
        fromStatus: from,
        toStatus: to,
        party: from === null || to === 'cancelled' ? 'sender' : 'receiver',
        actorUserId: 'demo-history',
        actorOrganisationId: from === null ? MONI.id : receiver.id,
        reasonCode: step?.[2] ?? null,
        reasonTextEncrypted: null,
        outcomeCode: step?.[3] ?? null,
        noteEncrypted: null,
        at: when,
      });
    await history(null, 'requested', sentAt);
    await this.append(
      manager,
      'events.referrals.referral.sent',
      { ...parties, need: receiver.need, urgency: 'routine', serviceId: null, dueAt: dueAt.toISOString() },
      sentAt,
    );
    let from: ReferralStatus = 'requested';
    for (const step of steps) {
      const when = at(step[1]);
      await history(from, step[0], when, step);
      await this.append(
        manager,
        'events.referrals.referral.status_changed',
        {
          ...parties,
          from,
          to: step[0],
          reasonCode: step[2] ?? null,
          outcomeCode: step[3] ?? null,
          actorUserId: null,
        },
        when,
      );
      from = step[0];
    }
    if (overdue) {
      await this.append(
        manager,
        'events.referrals.referral.overdue',
        { ...parties, dueAt: dueAt.toISOString() },
        dueAt,
      );
    }
  }

  /** The referral as its steps left it (the newest step its status). */
  private referralEntity(
    id: string,
    n: number,
    receiver: (typeof RECEIVERS)[number],
    sentAt: Date,
    steps: Step[],
  ): ReferralEntity {
    const dueAt = workingDaysDeadline(sentAt, 5);
    const last = steps.at(-1);
    const at = (hours: number) => new Date(sentAt.getTime() + hours * HOUR);
    return {
      id,
      kind: 'platform',
      clientId: demoHistoryClientId(n % DEMO_HISTORY_CLIENTS),
      sendingOrganisationId: MONI.id,
      sendingOrganisationName: MONI.name,
      senderUserId: 'demo-history',
      senderUsername: 'advisor',
      receivingOrganisationId: receiver.id,
      receivingOrganisationName: receiver.name,
      serviceId: null,
      need: receiver.need,
      reasonEncrypted: this.cipher.encrypt('Demo referral', referralFields.reason(id)),
      urgency: 'routine',
      language: 'fi',
      interpreterNeeded: false,
      categories: [],
      consentId: null,
      consentVersion: null,
      sharedDataEncrypted: null,
      redactedAt: null,
      redactionReason: null,
      status: last?.[0] ?? 'requested',
      version: 1 + steps.length,
      assigneeId: null,
      statusReasonCode: last?.[2] ?? null,
      outcomeCode: last?.[3] ?? null,
      createdAt: sentAt,
      updatedAt: last ? at(last[1]) : sentAt,
      listedAt: new Date(Math.floor(sentAt.getTime())),
      sentAt,
      receivedAt: steps.find(([status]) => status === 'received') ? at(steps[0][1]) : null,
      dueAt,
      expiresAt: workingDaysDeadline(sentAt, 15),
      overdueNotifiedAt: null,
      closedAt:
        last && ['completed', 'rejected', 'cancelled', 'failed'].includes(last[0]) ? at(last[1]) : null,
    };
  }
}
