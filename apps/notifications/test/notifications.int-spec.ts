import { Controller, Module, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadCommonConfig, type CommonConfig } from '#config';
import {
  AppError,
  type Actor,
  type Envelope,
  type EventDataOf,
  type EventType,
  type InvitationView,
  type OrganisationRecipients,
} from '#contracts';
import {
  createEventEnvelope,
  eventSubject,
  natsServerStrategy,
  OutboxWriter,
  ServiceClient,
  type EventEnvelope,
} from '#messaging';
import { eventSubjects, runService } from '#service-core';
import { createTestDatabase, eventually, testNatsUrl, uniqueSuffix, type TestDatabase } from '#testing';
import { NotificationsAppModule } from '../src/app.module.js';
import {
  DeliveryRepository,
  EMAIL_QUEUED_CHANNEL,
  type NewDelivery,
} from '../src/email/delivery.repository.js';
import { EmailDispatcher } from '../src/email/email-dispatcher.js';
import { EventRouter } from '../src/routing/event-router.service.js';
import { SmtpTestServer } from './support/smtp-test-server.js';

const MONI = '7b0c8a52-0000-4c6a-9d2b-00000000a001';
const EMPLOYMENT = '7b0c8a52-0000-4c6a-9d2b-00000000a002';
const KELA = '7b0c8a52-0000-4c6a-9d2b-00000000a003';
const SV_ORG = '7b0c8a52-0000-4c6a-9d2b-00000000a004';

const advisor = { userId: 'a0000000-0000-4000-8000-000000000001', email: 'advisor@moni.test' };
const staffFi = { userId: 'b0000000-0000-4000-8000-000000000001', email: 'staff.fi@employment.test' };
const staffSv = { userId: 'b0000000-0000-4000-8000-000000000002', email: 'Staff.SV@employment.test' };
const staffEn = { userId: 'b0000000-0000-4000-8000-000000000003', email: 'staff.en@employment.test' };
const kelaStaff = { userId: 'c0000000-0000-4000-8000-000000000001', email: 'staff@kela.test' };
const EMPLOYMENT_INTAKE = 'intake@employment.test';

// What the partners service would answer; the test's stub serves it over NATS.
const DIRECTORY: Record<string, OrganisationRecipients> = {
  [MONI]: {
    organisationId: MONI,
    members: [{ ...advisor, language: null }],
    intakeEmail: 'intake@moni.test',
  },
  [EMPLOYMENT]: {
    organisationId: EMPLOYMENT,
    members: [staffFi, staffSv, staffEn].map((m) => ({ ...m, language: null })),
    intakeEmail: EMPLOYMENT_INTAKE,
  },
  [KELA]: { organisationId: KELA, members: [{ ...kelaStaff, language: 'sv' }], intakeEmail: null },
  // A Swedish-speaking organisation: its intake address and invitations are written in Swedish.
  [SV_ORG]: { organisationId: SV_ORG, members: [], intakeEmail: 'intake@sv.test', intakeLanguage: 'sv' },
};
const INVITATION_ID = 'd0000000-0000-4000-8000-000000000001';
const INVITATION_SV_ID = 'd0000000-0000-4000-8000-000000000002';
const INVITATION_EN_ID = 'd0000000-0000-4000-8000-000000000003';
/** Revoked before its event is routed: nobody is e-mailed. */
const INVITATION_REVOKED_ID = 'd0000000-0000-4000-8000-000000000004';
const stubCalls = { recipients: 0, failNext: 0 };

@Controller()
class PartnersStubController {
  @MessagePattern('partners.organisation.recipients')
  recipients(@Payload() msg: Envelope<{ organisationId: string }>): OrganisationRecipients {
    stubCalls.recipients += 1;
    if (stubCalls.failNext > 0) {
      stubCalls.failNext -= 1;
      throw new AppError('SERVICE.UNAVAILABLE', 'partners is having a moment');
    }
    return (
      DIRECTORY[msg.data.organisationId] ?? {
        organisationId: msg.data.organisationId,
        members: [],
        intakeEmail: null,
      }
    );
  }

  @MessagePattern('partners.invitation.get')
  invitation(@Payload() msg: Envelope<{ organisationId: string; invitationId: string }>): InvitationView {
    return {
      id: msg.data.invitationId,
      organisationId: msg.data.organisationId,
      email:
        msg.data.invitationId === INVITATION_ID
          ? 'new.person@kela.test'
          : `invited.${msg.data.invitationId.slice(-1)}@partner.test`,
      role: 'partner_staff',
      status: msg.data.invitationId === INVITATION_REVOKED_ID ? 'revoked' : 'open',
      invitedBy: kelaStaff.userId,
      // The first has no language of its own (the organisation's decides); the last chose English.
      language: msg.data.invitationId === INVITATION_EN_ID ? 'en' : null,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      acceptedAt: null,
      createdAt: new Date().toISOString(),
    };
  }
}

@Module({ controllers: [PartnersStubController] })
class PartnersStubModule {}

const actorOf = (user: { userId: string }, organisationId: string, role: Actor['role']): Actor => ({
  userId: user.userId,
  username: null,
  organisationId,
  role,
  realmRoles: [],
});

function parties(referralId = randomUUID()) {
  return {
    referralId,
    sendingOrganisationId: MONI,
    receivingOrganisationId: EMPLOYMENT,
    senderUserId: advisor.userId,
    assigneeUserId: null,
  };
}

/** An e-mail due now for the repository's tests, as the router would queue it. */
function queuedEmail(eventId: string, recipient: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    eventId,
    kind: 'referral.sent',
    recipient,
    recipientUserId: null,
    language: 'fi',
    link: 'https://portal.moni.test/referrals/x',
    detail: {},
    digest: false,
    notBefore: null,
    correlationId: 'c',
    ...overrides,
  };
}

describe('The notifications service', () => {
  let db: TestDatabase;
  let config: CommonConfig;
  let app: INestApplication;
  let stub: INestMicroservice;
  let smtp: SmtpTestServer;
  let nc: NatsConnection;
  let sql: pg.Client;
  let rpc: ServiceClient;

  async function emit<E extends EventType>(
    type: E,
    data: EventDataOf<E>,
    actor: Actor | null,
  ): Promise<EventEnvelope<E>> {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const writer = app.get(OutboxWriter);
    return dataSource.transaction((manager) =>
      writer.append(manager, type, data, { actor, correlationId: `corr-${uniqueSuffix()}` }),
    );
  }

  const notificationsOf = async (eventId: string) =>
    (
      await sql.query<{ user_id: string; kind: string; organisation_id: string; detail: object }>(
        'SELECT user_id, kind, organisation_id, detail FROM notifications.notifications WHERE event_id = $1 ORDER BY user_id',
        [eventId],
      )
    ).rows;

  const deliveriesOf = async (eventId: string) =>
    (
      await sql.query<{
        id: string;
        recipient: string;
        status: string;
        attempts: number;
        language: string;
        digest: boolean;
      }>(
        'SELECT id, recipient, status, attempts, language, digest FROM notifications.email_deliveries WHERE event_id = $1 ORDER BY recipient',
        [eventId],
      )
    ).rows;

  const logOf = async (deliveryId: string) =>
    (
      await sql.query<{ status: string; attempt: number; detail: string | null }>(
        'SELECT status, attempt, detail FROM notifications.email_delivery_log WHERE delivery_id = $1 ORDER BY at, id',
        [deliveryId],
      )
    ).rows;

  /** What a delivery keeps of its last attempt. */
  const attemptStateOf = async (deliveryId: string) =>
    (
      await sql.query<{
        last_error: string | null;
        message_id: string | null;
        sent_at: Date | null;
        claimed_until: Date | null;
      }>(
        'SELECT last_error, message_id, sent_at, claimed_until FROM notifications.email_deliveries WHERE id = $1',
        [deliveryId],
      )
    ).rows[0];

  const asUser = (user: { userId: string }, organisationId: string | null = EMPLOYMENT): Actor => ({
    userId: user.userId,
    username: null,
    organisationId,
    role: 'partner_staff',
    realmRoles: [],
  });

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    db = await createTestDatabase('notifications');
    const suffix = uniqueSuffix();
    const env = {
      DATABASE_URL: db.url,
      NATS_URL: testNatsUrl(),
      NATS_SUBJECT_PREFIX: `t${suffix}`,
      EVENTS_STREAM: `T${suffix}_EVENTS`,
      DEAD_LETTER_STREAM: `T${suffix}_DEAD_LETTER`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NOTIFICATIONS_OPS_PORT: '0',
      SMTP_URL: smtp.url,
      PORTAL_URL: 'https://portal.moni.test',
      EMAIL_MAX_ATTEMPTS: '3',
      EMAIL_RETRY_INITIAL_MS: '100',
      EMAIL_RETRY_MAX_MS: '400',
      EMAIL_POLL_MS: '50',
      SMTP_TIMEOUT_MS: '5000',
      DIGEST_HOUR: '9',
    };
    config = loadCommonConfig('notifications', env);
    stub = await NestFactory.createMicroservice<MicroserviceOptions>(PartnersStubModule, {
      ...natsServerStrategy({ natsUrl: config.natsUrl }, 'partners', config.natsSubjectPrefix),
      logger: false,
    });
    await stub.listen();
    app = await runService(NotificationsAppModule.forRoot(config, env), config);
    nc = await connect({ servers: testNatsUrl() });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    rpc = new ServiceClient({
      natsUrl: testNatsUrl(),
      clientName: 'notifications-test',
      timeoutMs: 5000,
      subjectPrefix: config.natsSubjectPrefix,
    });
    await rpc.connect();
    // Staff language preferences: sv and en saved; staffFi keeps the defaults (fi).
    await rpc.request(
      'notifications.preferences.update',
      { language: 'sv', digest: 'instant' },
      { actor: asUser(staffSv), correlationId: 'c-1' },
    );
    await rpc.request(
      'notifications.preferences.update',
      { language: 'en', digest: 'instant' },
      { actor: asUser(staffEn), correlationId: 'c-2' },
    );
  });

  afterAll(async () => {
    await rpc?.close();
    await sql?.end();
    await app?.close();
    await stub?.close();
    if (nc) {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(config.eventsStream).catch(() => false);
      await jsm.streams.delete(config.deadLetterStream).catch(() => false);
      await nc.close();
    }
    await db?.drop();
    await smtp?.close();
  });

  it('notifies the receiving organisation of a new referral: in the app, by e-mail in each one’s language, and its intake address', async () => {
    const recipientLookups = stubCalls.recipients;
    const event = await emit(
      'events.referrals.referral.sent',
      { ...parties(), need: 'employment', urgency: 'urgent', serviceId: null },
      actorOf(advisor, MONI, 'advisor'),
    );

    await eventually(() =>
      expect(smtp.messages.filter((m) => m.text.includes(event.data.referralId))).toHaveLength(4),
    );
    // Its members and its intake address come from one look-up of the organisation.
    expect(stubCalls.recipients - recipientLookups).toBe(1);
    expect((await notificationsOf(event.id)).map((n) => n.user_id)).toEqual(
      [staffFi.userId, staffSv.userId, staffEn.userId].sort(),
    );
    expect(await notificationsOf(event.id)).toEqual(
      expect.arrayContaining([
        {
          user_id: staffFi.userId,
          kind: 'referral.sent',
          organisation_id: EMPLOYMENT,
          detail: { need: 'employment', urgency: 'urgent' },
        },
      ]),
    );

    const link = `https://portal.moni.test/referrals/${event.data.referralId}`;
    const [fi] = smtp.to(staffFi.email);
    const [sv] = smtp.to(staffSv.email);
    const [en] = smtp.to(staffEn.email);
    const [intake] = smtp.to(EMPLOYMENT_INTAKE);
    expect([fi.subject, sv.subject, en.subject, intake.subject]).toEqual([
      'MONI: Uusi lähete',
      'MONI: Ny remiss',
      'MONI: New referral',
      'MONI: Uusi lähete',
    ]);
    expect([fi.contentLanguage, sv.contentLanguage, en.contentLanguage]).toEqual(['fi', 'sv', 'en']);
    for (const mail of [fi, sv, en, intake]) {
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
    }
    // Not the sender: they know.
    expect(smtp.to(advisor.email)).toHaveLength(0);
    // The SMTP server has the message before the dispatcher records its answer.
    await eventually(async () =>
      expect((await deliveriesOf(event.id)).map((d) => [d.recipient, d.status, d.language])).toEqual([
        [EMPLOYMENT_INTAKE, 'sent', 'fi'],
        [staffEn.email, 'sent', 'en'],
        [staffFi.email, 'sent', 'fi'],
        [staffSv.email.toLowerCase(), 'sent', 'sv'],
      ]),
    );
  });

  it('puts no personal data in e-mails: only the kind of event, the new status and a link', async () => {
    const event = await emit(
      'events.referrals.referral.status_changed',
      {
        ...parties(),
        from: 'received',
        to: 'rejected',
        reasonCode: 'not_eligible',
        outcomeCode: null,
        actorUserId: staffFi.userId,
      },
      actorOf(staffFi, EMPLOYMENT, 'partner_staff'),
    );
    await eventually(() =>
      expect(smtp.to(advisor.email).filter((m) => m.text.includes(event.data.referralId))).toHaveLength(1),
    );
    const mail = smtp.to(advisor.email).find((m) => m.text.includes(event.data.referralId))!;
    expect(mail.subject).toBe('MONI: Lähetteen tila muuttui');
    expect(mail.text).toBe(
      [
        'Lähetteen tila on muuttunut.',
        'Uusi tila: hylätty',
        '',
        `Katso tiedot palvelussa: https://portal.moni.test/referrals/${event.data.referralId}`,
        '',
        '--',
        'Tässä viestissä ei ole henkilötietoja. Kirjaudu palveluun nähdäksesi tiedot. Älä vastaa tähän viestiin.',
        '',
      ].join('\n'),
    );
    // No ids of people or organisations, no codes that describe the client's situation.
    for (const secret of [
      staffFi.userId,
      staffFi.email,
      advisor.userId,
      MONI,
      EMPLOYMENT,
      'not_eligible',
      'employment',
    ]) {
      expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(secret);
    }
    // The receiver changed it: the receiver's own staff are not told, the sender is.
    expect((await notificationsOf(event.id)).map((n) => n.user_id)).toEqual([advisor.userId]);
  });

  it('sends one e-mail per event and recipient even when the event is delivered again', async () => {
    const event = await emit(
      'events.referrals.referral.overdue',
      { ...parties(), dueAt: '2030-01-01T00:00:00.000Z' },
      null,
    );
    await eventually(async () =>
      expect((await deliveriesOf(event.id)).filter((d) => d.status === 'sent')).toHaveLength(4),
    );
    const before = smtp.messages.length;

    // The same event again, as JetStream would redeliver it (another message id, same event id).
    const js = jetstream(nc);
    await js.publish(eventSubject(event.type, eventSubjects(config).events), JSON.stringify(event), {
      msgID: randomUUID(),
    });
    // The inbox turns it into a no-op; the dispatcher has nothing more to send.
    const dispatcher = app.get(EmailDispatcher);
    await eventually(async () => {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = $1`,
        [event.id],
      );
      expect(rows[0].n).toBe(1);
    });
    // Routed once more past the inbox: the unique keys (event, user) and (event, address) hold.
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await dataSource.transaction((manager) => app.get(EventRouter).route(event, manager));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dispatcher.runOnce();
    expect(smtp.messages.length).toBe(before);
    expect(await deliveriesOf(event.id)).toHaveLength(4);
    expect(await notificationsOf(event.id)).toHaveLength(4);
    // One notification.created per notification, none for the second routing.
    const { rows: created } = await sql.query<{ notification_id: string }>(
      `SELECT payload->'data'->>'notificationId' AS notification_id FROM notifications.outbox
        WHERE type = 'events.notifications.notification.created' AND payload->>'correlationId' = $1`,
      [event.correlationId],
    );
    const { rows: stored } = await sql.query<{ id: string }>(
      'SELECT id::text FROM notifications.notifications WHERE event_id = $1',
      [event.id],
    );
    expect(created.map((row) => row.notification_id).sort()).toEqual(stored.map((row) => row.id).sort());
  });

  it('wakes the e-mail dispatchers at the commit that queues an e-mail due now, and only then', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const woken: string[] = [];
    listener.on('notification', (message) => woken.push(message.channel));
    await listener.query(`LISTEN ${EMAIL_QUEUED_CHANNEL}`);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const deliveries = app.get(DeliveryRepository);
    const eventId = randomUUID();
    const delivery = (recipient: string, overrides: Partial<NewDelivery> = {}): NewDelivery =>
      queuedEmail(eventId, recipient, { correlationId: 'c-wake', ...overrides });
    // A round trip on the listener's connection delivers whatever NOTIFY has arrived before it.
    const wokenSoFar = async () => {
      await listener.query('SELECT 1');
      return woken.length;
    };
    try {
      // Due now: woken at the commit, not before it.
      const id = await dataSource.transaction(async (manager) => {
        const queued = await deliveries.enqueue(manager, delivery('Wake.Now@test.example'));
        expect(await wokenSoFar()).toBe(0);
        return queued;
      });
      await eventually(async () => expect(await wokenSoFar()).toBe(1));
      expect(woken).toEqual([EMAIL_QUEUED_CHANNEL]);
      expect((await deliveriesOf(eventId)).map((d) => d.recipient)).toEqual(['wake.now@test.example']);
      expect((await logOf(id!))[0]).toEqual({ status: 'queued', attempt: 0, detail: null });

      // A digest, one due later, and the same address again: nothing wakes, the last is not queued.
      const [digest, later, again] = await dataSource.transaction(async (manager) => [
        await deliveries.enqueue(manager, delivery('digest@test.example', { digest: true })),
        await deliveries.enqueue(
          manager,
          delivery('later@test.example', { notBefore: new Date(Date.now() + 3_600_000) }),
        ),
        await deliveries.enqueue(manager, delivery('wake.now@test.example')),
      ]);
      expect(digest).not.toBeNull();
      expect(later).not.toBeNull();
      expect(again).toBeNull();
      expect(await logOf(digest!)).toEqual([{ status: 'queued', attempt: 0, detail: null }]);
      expect(await logOf(later!)).toEqual([{ status: 'queued', attempt: 0, detail: null }]);
      // The delivery already there keeps its own log: one entry per state it passed through.
      expect((await logOf(id!)).filter((entry) => entry.status === 'queued')).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await wokenSoFar()).toBe(1);

      // Rolled back: neither the delivery nor the wake-up happens.
      const rolledBack = randomUUID();
      await dataSource
        .transaction(async (manager) => {
          await deliveries.enqueue(manager, delivery('rolled.back@test.example', { eventId: rolledBack }));
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await wokenSoFar()).toBe(1);
      expect(await deliveriesOf(rolledBack)).toEqual([]);
    } finally {
      await listener.end();
      // The digest and the later e-mail would otherwise go out with the tests below.
      await sql.query(
        `DELETE FROM notifications.email_delivery_log WHERE delivery_id IN (
           SELECT id FROM notifications.email_deliveries WHERE event_id = $1 AND recipient <> 'wake.now@test.example')`,
        [eventId],
      );
      await sql.query(
        `DELETE FROM notifications.email_deliveries WHERE event_id = $1 AND recipient <> 'wake.now@test.example'`,
        [eventId],
      );
    }
  });

  it('queues an event’s e-mails, claims due ones and marks sent ones in one statement each', async () => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const deliveries = app.get(DeliveryRepository);
    const eventId = randomUUID();
    const delivery = (recipient: string, digest = false): NewDelivery =>
      queuedEmail(eventId, recipient, { digest, correlationId: 'c-batch' });
    // In a transaction rolled back at the end: the running dispatcher never sees these rows.
    await dataSource
      .transaction(async (manager) => {
        let statements = 0;
        const query = (text: string, params?: unknown[]) => {
          statements += 1;
          return manager.query(text, params);
        };
        const counting = new Proxy(manager, {
          get: (target, key): unknown => (key === 'query' ? query : Reflect.get(target, key)),
        });
        const inTransaction = { manager: counting, query } as unknown as DataSource;

        const queued = await deliveries.enqueueAll(counting, [
          delivery('One@test.example'),
          delivery('two@test.example'),
          delivery('ONE@test.example'),
          delivery('digest@test.example', true),
        ]);
        expect(statements).toBe(1);
        // The same address twice in one event is queued once.
        expect([...queued.keys()].sort()).toEqual([
          'digest@test.example',
          'one@test.example',
          'two@test.example',
        ]);

        statements = 0;
        const claimed = (
          await deliveries.claimDue(inTransaction, { limit: 20, digestLimit: 20, leaseMs: 60_000 })
        )
          .filter((row) => row.event_id === eventId)
          .map((row) => [row.recipient, row.digest]);
        expect(statements).toBe(1);
        expect(claimed.sort()).toEqual([
          ['digest@test.example', true],
          ['one@test.example', false],
          ['two@test.example', false],
        ]);

        statements = 0;
        const one = queued.get('one@test.example')!;
        const digest = queued.get('digest@test.example')!;
        await deliveries.markAllSent(inTransaction, [
          { id: one, attempt: 1, messageId: '<one@moni.notifications>' },
          { id: digest, attempt: 2, messageId: '<digest@moni.notifications>' },
        ]);
        expect(statements).toBe(1);
        const rows = await manager.query<
          { recipient: string; status: string; attempts: number; message_id: string }[]
        >(
          `SELECT recipient, status, attempts, message_id, claimed_until FROM notifications.email_deliveries
            WHERE event_id = $1 ORDER BY recipient`,
          [eventId],
        );
        expect(rows).toEqual([
          {
            recipient: 'digest@test.example',
            status: 'sent',
            attempts: 2,
            message_id: '<digest@moni.notifications>',
            claimed_until: null,
          },
          {
            recipient: 'one@test.example',
            status: 'sent',
            attempts: 1,
            message_id: '<one@moni.notifications>',
            claimed_until: null,
          },
          {
            recipient: 'two@test.example',
            status: 'queued',
            attempts: 0,
            message_id: null,
            claimed_until: expect.any(Date) as Date,
          },
        ]);
        const log = await manager.query<{ status: string; attempt: number }[]>(
          `SELECT status, attempt FROM notifications.email_delivery_log WHERE delivery_id = $1 ORDER BY at, id`,
          [digest],
        );
        expect(log).toEqual([
          { status: 'queued', attempt: 0 },
          { status: 'sent', attempt: 2 },
        ]);
        // Nothing to queue or mark: no statement at all.
        statements = 0;
        expect(await deliveries.enqueueAll(counting, [])).toEqual(new Map());
        await deliveries.markAllSent(inTransaction, []);
        expect(statements).toBe(0);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await deliveriesOf(eventId)).toEqual([]);
  });

  it('retries an e-mail the SMTP server refused, with back-off, and logs every attempt', async () => {
    smtp.refuseNext(2, 451);
    const event = await emit(
      'events.referrals.referral.assigned',
      { ...parties(), assigneeUserId: staffEn.userId },
      actorOf(staffFi, EMPLOYMENT, 'partner_staff'),
    );
    await eventually(async () =>
      expect((await deliveriesOf(event.id)).map((d) => d.status)).toEqual(['sent']),
    );
    const [delivery] = await deliveriesOf(event.id);
    expect(delivery).toMatchObject({ recipient: staffEn.email, attempts: 3 });
    expect(await logOf(delivery.id)).toEqual([
      { status: 'queued', attempt: 0, detail: null },
      { status: 'retrying', attempt: 1, detail: 'EMESSAGE 451' },
      { status: 'retrying', attempt: 2, detail: 'EMESSAGE 451' },
      { status: 'sent', attempt: 3, detail: null },
    ]);
    // Sent: the earlier error is cleared, the Message-ID kept, the claim released.
    expect(await attemptStateOf(delivery.id)).toEqual({
      last_error: null,
      message_id: `<${delivery.id}@moni.notifications>`,
      sent_at: expect.any(Date) as Date,
      claimed_until: null,
    });
    expect(smtp.to(staffEn.email).filter((m) => m.text.includes(event.data.referralId))).toHaveLength(1);
  });

  it('gives up after the last attempt, marks the e-mail failed and dead-letters it', async () => {
    smtp.refuseNext(3, 421);
    const event = await emit(
      'events.referrals.referral.assigned',
      { ...parties(), assigneeUserId: staffFi.userId },
      null,
    );
    await eventually(async () =>
      expect((await deliveriesOf(event.id)).map((d) => d.status)).toEqual(['failed']),
    );
    const [delivery] = await deliveriesOf(event.id);
    expect((await logOf(delivery.id)).map((l) => l.status)).toEqual([
      'queued',
      'retrying',
      'retrying',
      'failed',
    ]);
    expect(await attemptStateOf(delivery.id)).toEqual({
      last_error: expect.stringContaining('421') as string,
      message_id: null,
      sent_at: null,
      claimed_until: null,
    });

    const jsm = await jetstreamManager(nc);
    const dead = await eventually(async () => {
      const message = await jsm.streams.getMessage(config.deadLetterStream, {
        last_by_subj: `${eventSubjects(config).deadLetters}.notifications-email.email`,
      });
      expect(message).not.toBeNull();
      return message!;
    });
    expect(dead.json<{ deliveryIds: string[]; eventIds: string[] }>()).toMatchObject({
      deliveryIds: [delivery.id],
      eventIds: [event.id],
    });
    expect(dead.string()).not.toContain(staffFi.email);
    // Still an in-app notification: only the e-mail failed.
    expect(await notificationsOf(event.id)).toHaveLength(1);
  });

  it('does not retry what the server refuses for good (5xx)', async () => {
    smtp.refuseNext(1, 550);
    const event = await emit(
      'events.referrals.referral.assigned',
      { ...parties(), assigneeUserId: staffSv.userId },
      null,
    );
    await eventually(async () =>
      expect((await deliveriesOf(event.id)).map((d) => [d.status, d.attempts])).toEqual([['failed', 1]]),
    );
  });

  it('sends no e-mail of a kind the user turned off, but still notifies in the app', async () => {
    const actor = asUser(staffFi);
    const saved = await rpc.request(
      'notifications.preferences.update',
      { language: 'fi', email: { 'message.posted': false }, digest: 'instant' },
      { actor, correlationId: 'c-3' },
    );
    expect(saved.email).toMatchObject({ 'message.posted': false, 'referral.sent': true });
    const event = await emit(
      'events.referrals.message.posted',
      { ...parties(), messageId: randomUUID(), authorUserId: advisor.userId, authorOrganisationId: MONI },
      actorOf(advisor, MONI, 'advisor'),
    );
    await eventually(async () => expect(await deliveriesOf(event.id)).toHaveLength(2));
    expect((await deliveriesOf(event.id)).map((d) => d.recipient)).toEqual([
      staffEn.email,
      staffSv.email.toLowerCase(),
    ]);
    expect((await notificationsOf(event.id)).map((n) => n.user_id)).toHaveLength(3);
    await rpc.request(
      'notifications.preferences.update',
      { language: 'fi', digest: 'instant' },
      { actor, correlationId: 'c-4' },
    );
  });

  it('collects the e-mails of a user who chose the daily digest into one summary', async () => {
    const actor = asUser(kelaStaff, KELA);
    await rpc.request(
      'notifications.preferences.update',
      { language: 'en', digest: 'daily' },
      { actor, correlationId: 'c-5' },
    );
    const toKela = { ...parties(), receivingOrganisationId: KELA };
    const first = await emit(
      'events.referrals.referral.sent',
      { ...toKela, need: 'benefits', urgency: 'routine', serviceId: null },
      null,
    );
    const second = await emit(
      'events.referrals.referral.overdue',
      { ...toKela, dueAt: '2030-01-01T00:00:00.000Z' },
      null,
    );
    await eventually(async () => {
      expect((await deliveriesOf(first.id)).map((d) => [d.status, d.digest])).toEqual([['queued', true]]);
      expect((await deliveriesOf(second.id)).find((d) => d.recipient === kelaStaff.email)).toMatchObject({
        status: 'queued',
        digest: true,
      });
    });
    expect(smtp.to(kelaStaff.email)).toHaveLength(0);
    // Due at the next 09:00 on the Helsinki clock (DIGEST_HOUR above), summer or winter, as
    // PostgreSQL's own time zone data reads it.
    const { rows: due } = await sql.query<{ hour: string; withinADay: boolean }>(
      `SELECT DISTINCT to_char(next_attempt_at AT TIME ZONE 'Europe/Helsinki', 'HH24:MI:SS') AS "hour",
              next_attempt_at > now() AND next_attempt_at <= now() + interval '1 day' AS "withinADay"
         FROM notifications.email_deliveries WHERE digest AND recipient = $1`,
      [kelaStaff.email],
    );
    expect(due).toEqual([{ hour: '09:00:00', withinADay: true }]);

    // The digest hour comes.
    await sql.query(
      `UPDATE notifications.email_deliveries SET next_attempt_at = now() WHERE digest AND recipient = $1`,
      [kelaStaff.email],
    );
    await eventually(() => expect(smtp.to(kelaStaff.email)).toHaveLength(1));
    const [digest] = smtp.to(kelaStaff.email);
    expect(digest.subject).toBe('MONI: daily summary');
    expect(digest.text).toContain('New referral: 1');
    expect(digest.text).toContain('A referral is waiting for an answer: 1');
    expect(digest.text).toContain('https://portal.moni.test/notifications');
    await eventually(async () =>
      expect((await deliveriesOf(first.id)).map((d) => d.status)).toEqual(['sent']),
    );
  });

  it('e-mails an invited person the invitation, fetched from the partners service', async () => {
    const event = await emit(
      'events.partners.invitation.created',
      {
        invitationId: INVITATION_ID,
        organisationId: KELA,
        role: 'partner_staff',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      actorOf(kelaStaff, KELA, 'org_admin'),
    );
    await eventually(async () =>
      expect((await deliveriesOf(event.id)).map((d) => [d.recipient, d.status])).toEqual([
        ['new.person@kela.test', 'sent'],
      ]),
    );
    const [mail] = smtp.to('new.person@kela.test');
    expect(mail.subject).toBe('MONI: Kutsu MONI-lähetepalveluun');
    expect(mail.text).toContain(`https://portal.moni.test/invitations/${INVITATION_ID}`);
  });

  it('e-mails nobody for an invitation that is no longer open when its event is routed', async () => {
    const event = await emit(
      'events.partners.invitation.created',
      {
        invitationId: INVITATION_REVOKED_ID,
        organisationId: KELA,
        role: 'partner_staff',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      actorOf(kelaStaff, KELA, 'org_admin'),
    );
    await eventually(async () => {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications.inbox WHERE event_id = $1`,
        [event.id],
      );
      expect(rows[0].n).toBe(1);
    });
    expect(await deliveriesOf(event.id)).toEqual([]);
    expect(smtp.to('invited.4@partner.test')).toEqual([]);
  });

  it('retries routing while the partners service fails, and notifies once it answers', async () => {
    stubCalls.failNext = 1;
    const event = await emit(
      'events.referrals.referral.redacted',
      { ...parties(), reasonCode: 'consent_withdrawn' },
      null,
    );
    await eventually(async () => expect(await notificationsOf(event.id)).toHaveLength(3), {
      timeoutMs: 20_000,
    });
    expect(stubCalls.failNext).toBe(0);
  });

  it('asks the partners service once per organisation for the events one transaction routes, again in the next', async () => {
    const router = app.get(EventRouter);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const sent = () =>
      createEventEnvelope(
        'events.referrals.referral.sent',
        { ...parties(), need: 'employment', urgency: 'routine', serviceId: null },
        { actor: actorOf(advisor, MONI, 'advisor'), correlationId: `corr-${uniqueSuffix()}` },
      );
    const burst = [sent(), sent(), sent()];
    const before = stubCalls.recipients;
    await dataSource.transaction(async (manager) => {
      for (const event of burst) {
        await router.route(event, manager);
      }
    });
    // The receiving organisation's members and intake: one question for the three events.
    expect(stubCalls.recipients - before).toBe(1);
    for (const event of burst) {
      expect(await notificationsOf(event.id)).toHaveLength(3);
      expect((await deliveriesOf(event.id)).map((d) => d.recipient)).toContain(EMPLOYMENT_INTAKE);
    }
    // A new transaction asks again: a membership change shows from the next batch on.
    await dataSource.transaction((manager) => router.route(sent(), manager));
    expect(stubCalls.recipients - before).toBe(2);
  });

  describe('follow-ups', () => {
    const inboxed = async (eventIds: string[]) =>
      Number(
        (
          await sql.query<{ n: string }>(
            'SELECT count(*) AS n FROM notifications.inbox WHERE event_id = ANY($1::uuid[])',
            [eventIds],
          )
        ).rows[0].n,
      );
    const ofReferral = async (referralId: string) =>
      (
        await sql.query<{ user_id: string; kind: string; event_id: string }>(
          'SELECT user_id, kind, event_id FROM notifications.notifications WHERE referral_id = $1 ORDER BY user_id',
          [referralId],
        )
      ).rows;

    it('tells each person once per referral of a consent withdrawal, not once per event', async () => {
      const referralId = randomUUID();
      const other = randomUUID();
      const consent = {
        consentId: randomUUID(),
        consentVersion: 1,
        clientId: randomUUID(),
        organisationId: MONI,
        recipientOrganisationIds: [EMPLOYMENT, KELA],
        categories: ['identity' as const],
        purposes: ['referral' as const],
      };
      const events: EventEnvelope[] = [
        await emit(
          'events.clients.consent.withdrawn',
          { ...consent, reason: 'withdrawn' },
          actorOf(advisor, MONI, 'advisor'),
        ),
        // An open referral: cancelled and redacted in one transaction of the referrals service.
        await emit(
          'events.referrals.referral.status_changed',
          {
            ...parties(referralId),
            from: 'accepted',
            to: 'cancelled',
            reasonCode: 'consent_withdrawn',
            outcomeCode: null,
            actorUserId: null,
          },
          null,
        ),
        await emit(
          'events.referrals.referral.redacted',
          { ...parties(referralId), reasonCode: 'consent_withdrawn' },
          null,
        ),
        // A closed referral: redacted only.
        await emit(
          'events.referrals.referral.redacted',
          { ...parties(other), reasonCode: 'consent_withdrawn' },
          null,
        ),
      ];
      const ids = events.map((event) => event.id);
      await eventually(async () => expect(await inboxed(ids)).toBe(4), { timeoutMs: 20_000 });

      const staff = [staffFi, staffSv, staffEn].map((s) => s.userId);
      expect((await ofReferral(referralId)).map((n) => n.user_id)).toEqual([...staff, advisor.userId].sort());
      expect((await ofReferral(other)).map((n) => n.user_id)).toEqual([...staff].sort());
      // The consent event itself reaches nobody: everyone concerned heard of it per referral.
      expect(await notificationsOf(events[0].id)).toEqual([]);
      expect(await deliveriesOf(events[0].id)).toEqual([]);
      // One e-mail per referral and person too.
      const mails = async (id: string) =>
        (
          await sql.query<{ recipient: string }>(
            `SELECT d.recipient FROM notifications.email_deliveries d
              WHERE d.event_id = ANY($1::uuid[]) AND d.link LIKE '%' || $2`,
            [ids, id],
          )
        ).rows
          .map((r) => r.recipient)
          .sort();
      expect(await mails(referralId)).toEqual(
        [advisor.email, staffFi.email, staffSv.email, staffEn.email].map((e) => e.toLowerCase()).sort(),
      );
      expect(await mails(other)).toEqual(
        [staffFi.email, staffSv.email, staffEn.email].map((e) => e.toLowerCase()).sort(),
      );
    });

    it('still tells the receiving side of a cancellation for another reason and of another redaction', async () => {
      const referralId = randomUUID();
      const redacted = await emit(
        'events.referrals.referral.redacted',
        { ...parties(referralId), reasonCode: 'retention' },
        null,
      );
      const cancelled = await emit(
        'events.referrals.referral.status_changed',
        {
          ...parties(referralId),
          from: 'requested',
          to: 'cancelled',
          reasonCode: 'client_moved',
          outcomeCode: null,
          actorUserId: advisor.userId,
        },
        actorOf(advisor, MONI, 'advisor'),
      );
      await eventually(async () => expect(await inboxed([redacted.id, cancelled.id])).toBe(2));
      expect(await notificationsOf(redacted.id)).toHaveLength(3);
      expect(await notificationsOf(cancelled.id)).toHaveLength(3);
    });

    it('tells the advisor who recorded a consent that it ends soon, in the app and by e-mail, per their preferences', async () => {
      const validUntil = new Date(Date.now() + 20 * 86_400_000).toISOString();
      const expiring = (recordedByUserId: string) =>
        emit(
          'events.clients.consent.expiring',
          {
            consentId: randomUUID(),
            clientId: randomUUID(),
            organisationId: MONI,
            validUntil,
            recordedByUserId,
          },
          null,
        );
      const first = await expiring(advisor.userId);
      await eventually(async () =>
        expect((await deliveriesOf(first.id)).map((d) => d.status)).toEqual(['sent']),
      );
      expect(await notificationsOf(first.id)).toEqual([
        { user_id: advisor.userId, kind: 'consent.expiring', organisation_id: MONI, detail: { validUntil } },
      ]);
      const mail = smtp.to(advisor.email).find((m) => m.subject === 'MONI: Suostumus on päättymässä');
      expect(mail).toBeDefined();
      expect(mail!.text).toContain('https://portal.moni.test/notifications');
      expect(mail!.text).not.toContain(first.data.clientId);

      // Someone no longer a member hears nothing.
      const gone = await expiring('a0000000-0000-4000-8000-0000000000ff');
      await eventually(async () => expect(await inboxed([gone.id])).toBe(1));
      expect(await notificationsOf(gone.id)).toEqual([]);

      // E-mail off for this kind: in the app only.
      const actor = actorOf(advisor, MONI, 'advisor');
      await rpc.request(
        'notifications.preferences.update',
        { language: 'en', digest: 'instant', email: { 'consent.expiring': false } },
        { actor, correlationId: 'c-exp' },
      );
      const second = await expiring(advisor.userId);
      await eventually(async () => expect(await notificationsOf(second.id)).toHaveLength(1));
      expect(await deliveriesOf(second.id)).toEqual([]);
      expect(
        (await rpc.request('notifications.preferences.get', {}, { actor, correlationId: 'c-exp2' })).email[
          'consent.expiring'
        ],
      ).toBe(false);
      await rpc.request(
        'notifications.preferences.update',
        { language: 'fi', digest: 'instant' },
        { actor, correlationId: 'c-exp3' },
      );
    });

    it('writes to an intake address in the organisation’s language', async () => {
      const event = await emit(
        'events.referrals.referral.sent',
        {
          ...parties(),
          receivingOrganisationId: SV_ORG,
          need: 'benefits',
          urgency: 'routine',
          serviceId: null,
        },
        actorOf(advisor, MONI, 'advisor'),
      );
      await eventually(async () =>
        expect((await deliveriesOf(event.id)).map((d) => [d.recipient, d.language, d.status])).toEqual([
          ['intake@sv.test', 'sv', 'sent'],
        ]),
      );
      const mail = smtp.to('intake@sv.test').find((m) => m.text.includes(event.data.referralId));
      expect(mail?.subject).toBe('MONI: Ny remiss');
    });

    it('writes an invitation in its own language, else the organisation’s', async () => {
      const invite = (invitationId: string) =>
        emit(
          'events.partners.invitation.created',
          {
            invitationId,
            organisationId: SV_ORG,
            role: 'partner_staff',
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          },
          null,
        );
      const bySv = await invite(INVITATION_SV_ID);
      const byEn = await invite(INVITATION_EN_ID);
      await eventually(async () => {
        expect((await deliveriesOf(bySv.id)).map((d) => [d.language, d.status])).toEqual([['sv', 'sent']]);
        expect((await deliveriesOf(byEn.id)).map((d) => [d.language, d.status])).toEqual([['en', 'sent']]);
      });
      expect(smtp.to('invited.2@partner.test')[0].subject).toBe('MONI: Inbjudan till MONI-remisstjänsten');
      expect(smtp.to('invited.3@partner.test')[0].subject).toBe(
        'MONI: Invitation to the MONI referral service',
      );
    });
  });

  describe('in-app notifications over NATS', () => {
    const user = { userId: 'e0000000-0000-4000-8000-000000000001', email: null };
    const ctx = (actor = asUser(user, KELA)) => ({ actor, correlationId: `c-${uniqueSuffix()}` });

    beforeAll(async () => {
      DIRECTORY[KELA].members.push({ ...user, language: null });
      for (let i = 0; i < 3; i += 1) {
        const event = await emit(
          'events.referrals.referral.redacted',
          { ...parties(), receivingOrganisationId: KELA, reasonCode: 'expired' },
          null,
        );
        await eventually(async () =>
          expect((await notificationsOf(event.id)).map((n) => n.user_id)).toContain(user.userId),
        );
      }
    });

    it('lists the caller’s own notifications, newest first, a page at a time, with the unread count', async () => {
      const first = await rpc.request('notifications.notification.list', { limit: 2 }, ctx());
      expect(first.items).toHaveLength(2);
      expect(first.unreadCount).toBe(3);
      expect(first.items[0]).toMatchObject({
        kind: 'referral.redacted',
        organisationId: KELA,
        readAt: null,
        detail: { reasonCode: 'expired' },
      });
      expect(first.items[0].link).toBe(`/referrals/${first.items[0].referralId}`);
      const second = await rpc.request(
        'notifications.notification.list',
        { limit: 2, cursor: first.nextCursor! },
        ctx(),
      );
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...first.items, ...second.items].map((n) => n.id)).size).toBe(3);
    });

    it('marks one read, then all, and refuses another user’s notification as not found', async () => {
      const { items } = await rpc.request('notifications.notification.list', {}, ctx());
      const read = await rpc.request('notifications.notification.mark_read', { id: items[0].id }, ctx());
      expect(read.readAt).not.toBeNull();
      expect(await rpc.request('notifications.notification.unread_count', {}, ctx())).toEqual({ unread: 2 });
      const unread = await rpc.request('notifications.notification.list', { unread: true }, ctx());
      expect(unread.items.map((n) => n.id)).not.toContain(items[0].id);

      await expect(
        rpc.request(
          'notifications.notification.mark_read',
          { id: items[1].id },
          ctx(asUser(kelaStaff, KELA)),
        ),
      ).rejects.toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
      await expect(
        rpc.request('notifications.notification.list', { cursor: 'not-a-cursor' }, ctx()),
      ).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });

      expect(await rpc.request('notifications.notification.mark_all_read', {}, ctx())).toEqual({
        updated: 2,
      });
      expect(await rpc.request('notifications.notification.unread_count', {}, ctx())).toEqual({ unread: 0 });
    });

    it('refuses invalid preferences, naming the field', async () => {
      await expect(
        rpc.request(
          'notifications.preferences.update',
          { language: 'de', digest: 'instant' } as never,
          ctx(),
        ),
      ).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'language' })],
      });
      await expect(
        rpc.request(
          'notifications.preferences.update',
          { language: 'fi', digest: 'instant', email: { 'no.such': true } } as never,
          ctx(),
        ),
      ).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
        details: [expect.objectContaining({ field: 'email.no.such' })],
      });
    });
  });
});
