// The clients service's part of the demo history (DEMO_HISTORY=true): registered clients with ESF
// data, guidance contacts and group events over the last DEMO_HISTORY_MONTHS months, written with
// their events as they would have been (the statistics build their read model from those). Loaded
// once: a second start finds the first client and does nothing.
import { randomUUID } from 'node:crypto';
import { contactEvent } from '../guidance/guidance.service.js';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CLIENT_NEED_CATEGORIES,
  DEMO_HISTORY_CLIENTS,
  DEMO_HISTORY_MONTHS,
  SYSTEM_ACTOR,
  demoHistoryClientId,
  demoRandom,
  helsinkiDate,
  monthStart,
  type ClientNeedCategory,
  type ContactChannel,
  type ContactView,
  type EventDataOf,
  type EventType,
  type EducationLevel,
  type ExitResult,
  type LabourMarketStatus,
  type RequestContext,
} from '#contracts';
import { OutboxWriter } from '#messaging';
import { AuditRecorder } from '#service-core';
import { ClientEntity } from '../clients/client.entity.js';
import { CLIENTS_CONFIG, type ClientsConfig } from '../config.js';
import { GuidanceRepository } from '../guidance/guidance.repository.js';
import { participantRecord } from '../guidance/participant-record.js';

/** MONI, the demo network's guidance organisation (apps/partners/src/demo/demo-organisations.ts). */
const DEMO_ORG_MONI = '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d01';
/** Who recorded the demo history (a user id; no such user logs in). */
const DEMO_ADVISOR = 'd3e0a000-0000-4000-8000-00000000d3e0';
const DAY = 86_400_000;

/** Contacts per usual month and channel: every channel of every month 5 or more. */
const CONTACTS_PER_MONTH: Record<ContactChannel, number> = {
  walk_in: 28,
  phone: 16,
  remote: 9,
  email_chat: 7,
  outreach: 6,
};
/** How busy each month was (this month first): the charts should not show four equal months. */
const MONTH_SCALE = [1, 0.8, 1.25, 0.9];
/** Every topic, the common ones more often: the rare ones show as "<5", as they would. */
const TOPICS: readonly ClientNeedCategory[] = [
  ...CLIENT_NEED_CATEGORIES,
  'employment',
  'employment',
  'employment',
  'language_training',
  'language_training',
  'housing',
  'education',
  'benefits',
];
const LANGUAGES = ['ar', 'so', 'uk', 'ru', 'fa', 'fi', 'en'];
const FIRST_NAMES = [
  'Amina',
  'Olena',
  'Hassan',
  'Fatima',
  'Dmytro',
  'Layla',
  'Ahmed',
  'Iryna',
  'Yusuf',
  'Maryam',
];
const MUNICIPALITIES = ['Seinäjoki', 'Seinäjoki', 'Seinäjoki', 'Lapua', 'Ilmajoki', 'Kurikka'];
const STATUSES: LabourMarketStatus[] = [
  'unemployed',
  'unemployed',
  'long_term_unemployed',
  'inactive',
  'employed',
  'in_education',
];
const EDUCATION: EducationLevel[] = ['isced_0_2', 'isced_3_4', 'isced_3_4', 'isced_5_8', 'not_asked'];
const RESULTS: Array<ExitResult | null> = [
  null,
  null,
  'in_employment',
  'in_education_or_training',
  'job_seeking',
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

@Injectable()
export class DemoHistoryLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoHistoryLoader.name);

  constructor(
    @Inject(CLIENTS_CONFIG) private readonly config: ClientsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OutboxWriter) private readonly events: OutboxWriter,
    private readonly guidance: GuidanceRepository,
    private readonly audit: AuditRecorder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoHistory) {
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['clients:demo-history']);
      if (await manager.findOneBy(ClientEntity, { id: demoHistoryClientId(0) })) {
        return;
      }
      const now = new Date();
      await this.clients(manager, now);
      await this.contactsAndEvents(manager, now);
      this.logger.log(`demo history loaded (${DEMO_HISTORY_MONTHS} months)`);
    });
  }

  /** A moment `dayFraction` into the month `monthsBack` back, never after now. */
  private at(now: Date, monthsBack: number, dayFraction: number): Date {
    const start = monthStart(now, monthsBack).getTime();
    const end = Math.min(monthStart(now, monthsBack - 1).getTime(), now.getTime());
    return new Date(start + Math.floor((end - start - DAY / 2) * dayFraction) + 9 * 3_600_000);
  }

  private async append<E extends EventType>(manager: EntityManager, type: E, data: EventDataOf<E>, at: Date) {
    await this.events.append(manager, type, data, {
      actor: SYSTEM_ACTOR,
      correlationId: `demo-history-${randomUUID()}`,
      occurredAt: at,
    });
  }

  /**
   * As a registration through the API records it: the audit service knows a client's organisation
   * from its `client.created` entry, and answers the client's disclosure log only to that organisation.
   */
  private async recordCreation(manager: EntityManager, clientId: string): Promise<void> {
    const context: RequestContext = {
      actor: {
        userId: DEMO_ADVISOR,
        username: null,
        organisationId: DEMO_ORG_MONI,
        role: 'advisor',
        realmRoles: ['advisor'],
      },
      correlationId: `demo-history-${randomUUID()}`,
    };
    await this.events.append(
      manager,
      'events.clients.client.created',
      { clientId, organisationId: DEMO_ORG_MONI },
      context,
    );
    await this.audit.record(manager, context, {
      action: 'client.created',
      targetType: 'client',
      targetId: clientId,
      clientId,
    });
  }

  private async clients(manager: EntityManager, now: Date): Promise<void> {
    const random = demoRandom(15);
    for (let n = 0; n < DEMO_HISTORY_CLIENTS; n++) {
      const monthsBack = n % DEMO_HISTORY_MONTHS;
      const createdAt = this.at(now, monthsBack, random());
      const client = manager.create(ClientEntity, {
        id: demoHistoryClientId(n),
        organisationId: DEMO_ORG_MONI,
        firstName: pick(random, FIRST_NAMES),
        lastName: `Demo ${n + 1}`,
        dateOfBirth: null,
        birthYear: 1960 + Math.floor(random() * 46),
        personalIdentityCodeEnc: null,
        personalIdentityCodeHash: null,
        personalIdentityCodeMasked: null,
        languages: [pick(random, LANGUAGES)],
        preferredLanguage: null,
        interpreterNeeded: random() < 0.4,
        phone: null,
        email: null,
        municipality: pick(random, MUNICIPALITIES),
        gender: n % 2 === 0 ? 'female' : 'male',
        needs: [{ category: pick(random, CLIENT_NEED_CATEGORIES), description: null }],
        backgroundEnc: null,
        esfLabourMarketStatus: pick(random, STATUSES),
        esfEducation: pick(random, EDUCATION),
        esfResultAtExit: monthsBack >= 2 ? pick(random, RESULTS) : null,
        createdBy: DEMO_ADVISOR,
        createdAt,
        updatedAt: createdAt,
        lastActivityAt: now,
        erasedAt: null,
        version: 1,
      });
      await manager.save(client);
      await this.recordCreation(manager, client.id);
      await this.append(manager, 'events.clients.participant.recorded', participantRecord(client), createdAt);
    }
  }

  private async contactsAndEvents(manager: EntityManager, now: Date): Promise<void> {
    const random = demoRandom(42);
    for (let monthsBack = DEMO_HISTORY_MONTHS - 1; monthsBack >= 0; monthsBack--) {
      for (const [channel, usual] of Object.entries(CONTACTS_PER_MONTH) as Array<[ContactChannel, number]>) {
        const count = Math.max(5, Math.round(usual * MONTH_SCALE[monthsBack % MONTH_SCALE.length]));
        for (let i = 0; i < count; i++) {
          const at = this.at(now, monthsBack, random());
          const registered = random() < 0.35;
          // A quarter of the contacts are about two things.
          const topics = [
            ...new Set([pick(random, TOPICS), ...(random() < 0.25 ? [pick(random, TOPICS)] : [])]),
          ];
          const contact: ContactView = {
            id: randomUUID(),
            organisationId: DEMO_ORG_MONI,
            date: helsinkiDate(at),
            channel,
            topics,
            language: pick(random, LANGUAGES),
            interpreter: random() < 0.3,
            duration: pick(random, ['under_15', '15_30', '15_30', '30_60', 'over_60'] as const),
            kind: registered ? 'registered' : 'anonymous',
            clientId: registered ? demoHistoryClientId(Math.floor(random() * DEMO_HISTORY_CLIENTS)) : null,
            anonymous: registered
              ? null
              : {
                  ageBand: pick(random, ['18_24', '25_29', '30_39', '30_39', '40_54', '55_64'] as const),
                  gender: pick(random, ['female', 'male', 'female', 'not_given'] as const),
                  municipality: pick(random, ['743', '743', '743', '408', '145']),
                },
            recordedBy: DEMO_ADVISOR,
            createdAt: at.toISOString(),
          };
          await this.guidance.insertContact(manager, contact);
          await this.append(manager, 'events.clients.contact.recorded', contactEvent(contact), at);
        }
      }
      for (let i = 0; i < 5; i++) {
        const at = this.at(now, monthsBack, random());
        const event = {
          id: randomUUID(),
          organisationId: DEMO_ORG_MONI,
          date: helsinkiDate(at),
          topics: [pick(random, ['employment', 'language_training', 'housing'] as const)],
          attendance: 8 + Math.floor(random() * 18),
          language: 'fi',
          title: pick(random, ['Job-search workshop', 'Finnish conversation club', 'Housing info evening']),
          recordedBy: DEMO_ADVISOR,
          createdAt: at.toISOString(),
        };
        await this.guidance.insertGroupEvent(manager, event);
        await this.append(
          manager,
          'events.clients.group_event.recorded',
          {
            groupEventId: event.id,
            organisationId: event.organisationId,
            date: event.date,
            topics: event.topics,
            attendance: event.attendance,
            language: event.language,
          },
          at,
        );
      }
    }
  }
}
