// Issue 15: the statistics through the gateway. A history seeded as the domain events the owning
// services emit (with the times they happened), figures compared with values computed by hand here,
// small counts suppressed, each role's scope, the exports, the rebuilds and a duplicate delivery.
import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import {
  SYSTEM_ACTOR,
  helsinkiDate,
  type EventDataOf,
  type EventType,
  type ServiceName,
  type StatisticsReport,
} from '#contracts';
import { OutboxWriter, ServiceClient, namespaced, publishSubject, type EventEnvelope } from '#messaging';
import { eventually } from '#testing';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
} from '../../apps/partners/src/demo/demo-organisations.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

let system: RunningSystem;
let advisor: ApiCaller;
let moniAdmin: ApiCaller;
let admin: ApiCaller;
let employment: ApiCaller;
let rpc: ServiceClient;

const OTHER_ORG = randomUUID();
const DAY = 86_400_000;

/** An event through a service's outbox, as if it had happened at `at`. */
async function emit<E extends EventType>(
  service: ServiceName,
  type: E,
  data: EventDataOf<E>,
  at: string,
): Promise<EventEnvelope<E>> {
  const app = system.services.get(service)!;
  return app.get<DataSource>(getDataSourceToken()).transaction((manager) =>
    app.get(OutboxWriter).append(manager, type, data, {
      actor: null,
      correlationId: `seed-${randomUUID()}`,
      occurredAt: new Date(at),
    }),
  );
}

const contact = (
  organisationId: string,
  date: string,
  channel: string,
  kind: string,
  topics = ['employment'],
) =>
  ({
    contactId: randomUUID(),
    organisationId,
    date,
    channel,
    topics,
    language: 'ar',
    interpreter: false,
    duration: '15_30',
    kind,
    clientId: kind === 'registered' ? randomUUID() : null,
    anonymous: kind === 'anonymous' ? { ageBand: '25_29', gender: 'female', municipality: '743' } : null,
  }) as EventDataOf<'events.clients.contact.recorded'>;

const participant = (
  gender: string,
  entryDate: string,
  ageBand: string,
  status: string,
  education: string,
  result: string | null,
  recordedAt = '2026-03-01T00:00:00.000Z',
) =>
  ({
    clientId: randomUUID(),
    organisationId: DEMO_ORG_MONI,
    entryDate,
    ageBand,
    gender,
    municipality: '743',
    esf: { labourMarketStatusAtEntry: status, educationAtEntry: education, resultAtExit: result },
    recordedAt,
  }) as EventDataOf<'events.clients.participant.recorded'>;

const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

async function seedReferral(
  from: string,
  to: string | null,
  need: string,
  sentAt: string,
  steps: Array<[status: string, days: number, reason?: string]>,
  overdue = false,
): Promise<void> {
  const parties = {
    referralId: randomUUID(),
    sendingOrganisationId: from,
    receivingOrganisationId: to ?? '',
    senderUserId: 'u',
    assigneeUserId: null,
  };
  if (to === null) {
    await emit(
      'referrals',
      'events.referrals.referral.logged',
      { referralId: parties.referralId, sendingOrganisationId: from, senderUserId: 'u', need },
      sentAt,
    );
    return;
  }
  await emit(
    'referrals',
    'events.referrals.referral.sent',
    { ...parties, need, urgency: 'routine', serviceId: null, dueAt: plus(sentAt, 5) },
    sentAt,
  );
  let previous = 'requested';
  for (const [status, days, reason] of steps) {
    await emit(
      'referrals',
      'events.referrals.referral.status_changed',
      {
        ...parties,
        from: previous as never,
        to: status as never,
        reasonCode: reason ?? null,
        outcomeCode: status === 'completed' ? 'service_started' : null,
        actorUserId: 'u',
      },
      plus(sentAt, days),
    );
    previous = status;
  }
  if (overdue) {
    await emit(
      'referrals',
      'events.referrals.referral.overdue',
      { ...parties, dueAt: plus(sentAt, 5) },
      plus(sentAt, 6),
    );
  }
}

const report = async (caller: ApiCaller, path: string): Promise<StatisticsReport> => {
  const res = await caller.get(`/api/v1/statistics/${path}`);
  expect(res.status).toBe(200);
  return (await json(res)) as StatisticsReport;
};

const figures = ({ generatedAt: _generatedAt, ...rest }: StatisticsReport) => rest;

const SEEDED = 'from=2026-01&to=2026-02';

beforeAll(async () => {
  system = await startSystem({ gateway: { rateLimitPerMinute: 100_000 } });
  [advisor, moniAdmin, admin, employment] = await Promise.all(
    ['advisor', 'moni-admin', 'admin', 'employment'].map((username) => loginAs(system, username)),
  );
  rpc = new ServiceClient({
    natsUrl: system.env.NATS_URL,
    clientName: 'statistics-system-test',
    timeoutMs: 30_000,
    subjectPrefix: system.env.NATS_SUBJECT_PREFIX,
  });
  await rpc.connect();

  // Contacts: MONI January walk-in 7 (anonymous), phone 3 (registered); February walk-in 6
  // (anonymous), remote 5 (registered; topics employment and housing), e-mail/chat 1 (anonymous).
  // Another organisation: January walk-in 4.
  const contacts = [
    ...Array.from({ length: 7 }, () => contact(DEMO_ORG_MONI, '2026-01-10', 'walk_in', 'anonymous')),
    ...Array.from({ length: 3 }, () => contact(DEMO_ORG_MONI, '2026-01-20', 'phone', 'registered')),
    ...Array.from({ length: 6 }, () => contact(DEMO_ORG_MONI, '2026-02-03', 'walk_in', 'anonymous')),
    ...Array.from({ length: 5 }, () =>
      contact(DEMO_ORG_MONI, '2026-02-14', 'remote', 'registered', ['employment', 'housing']),
    ),
    contact(DEMO_ORG_MONI, '2026-02-28', 'email_chat', 'anonymous'),
    ...Array.from({ length: 4 }, () => contact(OTHER_ORG, '2026-01-05', 'walk_in', 'anonymous')),
  ];
  for (const data of contacts) {
    await emit('clients', 'events.clients.contact.recorded', data, '2026-03-01T08:00:00.000Z');
  }
  // Participants: 6 women (January, 25–29, unemployed, ISCED 3–4), 5 men (February, 55–64,
  // long-term unemployed, ISCED 0–2, in employment at exit), 2 not given (February, under 18, inactive).
  const women = Array.from({ length: 6 }, () =>
    participant('female', '2026-01-15', '25_29', 'unemployed', 'isced_3_4', null),
  );
  for (const data of [
    ...women,
    ...Array.from({ length: 5 }, () =>
      participant('male', '2026-02-10', '55_64', 'long_term_unemployed', 'isced_0_2', 'in_employment'),
    ),
    ...Array.from({ length: 2 }, () =>
      participant('not_given', '2026-02-20', 'under_18', 'inactive', 'not_asked', null),
    ),
  ]) {
    await emit('clients', 'events.clients.participant.recorded', data, '2026-03-01T08:00:00.000Z');
  }
  // An older record of one of the women arrives late: the newer one stays.
  await emit(
    'clients',
    'events.clients.participant.recorded',
    {
      ...women[0],
      esf: { ...women[0].esf, labourMarketStatusAtEntry: 'employed' },
      recordedAt: '2026-01-15T00:00:00.000Z',
    },
    '2026-03-02T08:00:00.000Z',
  );
  // Referrals: MONI → employment 6 in January (all received after 1 day; 5 accepted after 2 and
  // completed after 10; 1 rejected after 3, no_capacity, overdue); MONI → Kela 5 in February (one
  // received and cancelled as expired, one received and cancelled on the client's request, 3 open);
  // MONI logged 1 (housing); another organisation → employment 1.
  for (let i = 0; i < 5; i++) {
    await seedReferral(DEMO_ORG_MONI, DEMO_ORG_EMPLOYMENT, 'employment', `2026-01-0${i + 1}T10:00:00.000Z`, [
      ['received', 1],
      ['accepted', 2],
      ['in_progress', 3],
      ['completed', 10],
    ]);
  }
  await seedReferral(
    DEMO_ORG_MONI,
    DEMO_ORG_EMPLOYMENT,
    'employment',
    '2026-01-12T10:00:00.000Z',
    [
      ['received', 1],
      ['rejected', 3, 'no_capacity'],
    ],
    true,
  );
  await seedReferral(DEMO_ORG_MONI, DEMO_ORG_KELA, 'benefits', '2026-02-02T10:00:00.000Z', [
    ['received', 1],
    ['cancelled', 20, 'expired'],
  ]);
  await seedReferral(DEMO_ORG_MONI, DEMO_ORG_KELA, 'benefits', '2026-02-03T10:00:00.000Z', [
    ['received', 1],
    ['cancelled', 4, 'client_request'],
  ]);
  for (let i = 0; i < 3; i++) {
    await seedReferral(DEMO_ORG_MONI, DEMO_ORG_KELA, 'benefits', `2026-02-1${i}T10:00:00.000Z`, []);
  }
  await seedReferral(DEMO_ORG_MONI, null, 'housing', '2026-02-15T10:00:00.000Z', []);
  await seedReferral(OTHER_ORG, DEMO_ORG_EMPLOYMENT, 'employment', '2026-02-16T10:00:00.000Z', []);

  // Everything applied (the network's referrals the last to arrive, in any order).
  await eventually(
    async () => {
      const referrals = await report(admin, `referrals?${SEEDED}&groupBy=status`);
      expect(referrals.total).toBe(13);
      expect(referrals.rows.find((row) => row.status === 'completed')).toBeDefined();
      const participants = await report(advisor, `participants?${SEEDED}`);
      expect(participants.total).toBe(13);
      const contactsSeen = await report(admin, `contacts?${SEEDED}`);
      expect(contactsSeen.total).toBe(26);
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
});

afterAll(async () => {
  await rpc?.close();
  await system?.stop();
});

describe('figures of a seeded history (hand-computed)', () => {
  it('contacts by month, channel, topic and kind, with the small ones suppressed', async () => {
    const byMonth = await report(advisor, `contacts?${SEEDED}`);
    expect(byMonth).toMatchObject({
      report: 'contacts',
      from: '2026-01',
      to: '2026-02',
      groupBy: ['month'],
      scope: { kind: 'organisation', organisationId: DEMO_ORG_MONI },
      columns: ['month', 'count'],
      rows: [
        { month: '2026-01', count: 10 },
        { month: '2026-02', count: 12 },
      ],
      total: 22,
    });
    // Month by month: January's phone 3 hides walk-in 7 too (else 10 − 7); February's e-mail/chat 1
    // hides remote 5. Over both months, a channel hidden in either month is hidden (else walk-in 13
    // minus February's 6 would give January's 7 back).
    expect((await report(advisor, `contacts?${SEEDED}&groupBy=channel`)).rows).toEqual([
      { channel: 'walk_in', count: '<5' },
      { channel: 'phone', count: '<5' },
      { channel: 'remote', count: '<5' },
      { channel: 'email_chat', count: '<5' },
    ]);
    const byTopic = await report(advisor, `contacts?${SEEDED}&groupBy=topic`);
    expect([byTopic.rows, byTopic.total]).toEqual([
      [
        { topic: 'employment', count: 22 },
        { topic: 'housing', count: 5 },
      ],
      22,
    ]);
    // January's registered 3 hides its anonymous 7, and so both over the two months.
    expect((await report(advisor, `contacts?${SEEDED}&groupBy=kind`)).rows).toEqual([
      { kind: 'registered', count: '<5' },
      { kind: 'anonymous', count: '<5' },
    ]);
    // Month × channel: each month as its own report shows it.
    const cross = await report(advisor, `contacts?${SEEDED}&groupBy=month,channel`);
    expect(cross.rows.map((row) => row.count)).toEqual(['<5', '<5', 6, '<5', '<5']);
    expect(cross.total).toBe(22);
  });

  it('participants against the plan, and the ESF layout', async () => {
    const byGender = await report(advisor, `participants?${SEEDED}&groupBy=gender`);
    expect(byGender).toMatchObject({
      rows: [
        { gender: 'female', count: 6 },
        { gender: 'male', count: '<5' },
        { gender: 'not_given', count: '<5' },
      ],
      total: 13,
      plan: { target: 620, reached: 13 },
    });
    // The late, older record did not overwrite the newer one.
    expect((await report(advisor, `participants?${SEEDED}&groupBy=labourMarketStatus`)).rows).toEqual([
      { labourMarketStatus: 'unemployed', count: 6 },
      { labourMarketStatus: 'long_term_unemployed', count: '<5' },
      { labourMarketStatus: 'inactive', count: '<5' },
    ]);
    const esf = await report(advisor, `esf-participants?${SEEDED}`);
    const row = (indicator: string) => esf.rows.find((r) => r.indicator === indicator);
    expect(esf.columns).toEqual(['indicator', 'female', 'male', 'other', 'total']);
    expect(row('participants')).toEqual({
      indicator: 'participants',
      female: 6,
      male: '<5',
      other: '<5',
      total: 13,
    });
    // February: 7 participants, 5 of them (long-term) unemployed men aged 55–64 with ISCED 0–2, in
    // employment at exit: each such row minus all participants would give the 2 who are not, so
    // February hides those rows' male and total cells, and so does the range.
    const februaryHidden = { female: 0, male: '<5', other: 0, total: '<5' };
    expect(row('unemployed')).toEqual({
      indicator: 'unemployed',
      female: 6,
      male: '<5',
      other: 0,
      total: '<5',
    });
    expect(row('long_term_unemployed')).toEqual({ indicator: 'long_term_unemployed', ...februaryHidden });
    expect(row('inactive')).toEqual({ indicator: 'inactive', female: 0, male: 0, other: '<5', total: '<5' });
    expect(row('age_18_29')).toEqual({ indicator: 'age_18_29', female: 6, male: 0, other: 0, total: 6 });
    expect(row('age_55_plus')).toEqual({ indicator: 'age_55_plus', ...februaryHidden });
    expect(row('isced_3_4')).toEqual({ indicator: 'isced_3_4', female: 6, male: 0, other: 0, total: 6 });
    expect(row('result_in_employment')).toEqual({ indicator: 'result_in_employment', ...februaryHidden });
    expect(esf.total).toBe(13);
  });

  it('referrals by month, receiver and status; response times; where the chain breaks', async () => {
    expect((await report(advisor, `referrals?${SEEDED}`)).rows).toEqual([
      { month: '2026-01', count: 6 },
      { month: '2026-02', count: 6 },
    ]);
    const network = await report(admin, `referrals?${SEEDED}`);
    expect([network.scope, network.rows, network.total]).toEqual([
      { kind: 'network' },
      [
        { month: '2026-01', count: 6 },
        { month: '2026-02', count: 7 },
      ],
      13,
    ]);
    const byReceiver = await report(advisor, `referrals?${SEEDED}&groupBy=receivingOrganisation`);
    expect(Object.fromEntries(byReceiver.rows.map((r) => [r.receivingOrganisation, r.count]))).toEqual({
      [DEMO_ORG_EMPLOYMENT]: 6,
      [DEMO_ORG_KELA]: '<5',
      not_on_platform: '<5',
    });
    expect(byReceiver.organisations[DEMO_ORG_EMPLOYMENT].fi).toEqual(expect.any(String));
    // January: completed 5 hidden with rejected 1 (else 6 − 5); so over both months too.
    expect((await report(advisor, `referrals?${SEEDED}&groupBy=status`)).rows).toEqual([
      { status: 'requested', count: '<5' },
      { status: 'rejected', count: '<5' },
      { status: 'completed', count: '<5' },
      { status: 'cancelled', count: '<5' },
    ]);

    const times = await report(advisor, `response-times?${SEEDED}`);
    const employmentRow = times.rows.find((r) => r.receivingOrganisation === DEMO_ORG_EMPLOYMENT);
    expect(employmentRow).toEqual({
      receivingOrganisation: DEMO_ORG_EMPLOYMENT,
      count: 6,
      promiseDays: expect.any(Number),
      receivedMedianDays: 1,
      receivedP90Days: 1,
      acceptedMedianDays: 2,
      acceptedP90Days: 2,
      completedMedianDays: 10,
      completedP90Days: 10,
      withinPromiseShare: 1,
    });
    // Kela: 5 sent, only 2 received: no times from under 5. Its count is hidden as the referrals by
    // receiver hide it (with the 1 logged referral in February): shown here, 12 − 6 − 5 would give
    // that 1 back; and so is the total (12 − 11 likewise).
    expect(times.rows.find((r) => r.receivingOrganisation === DEMO_ORG_KELA)).toMatchObject({
      count: '<5',
      receivedMedianDays: null,
      acceptedMedianDays: null,
      withinPromiseShare: null,
    });
    expect(times.total).toBe('<5');

    const broken = await report(advisor, `broken-chain?${SEEDED}`);
    expect(broken).toMatchObject({
      groupBy: ['end', 'reason'],
      rows: [
        { end: 'rejected', reason: 'no_capacity', count: '<5' },
        { end: 'cancelled', reason: 'client_request', count: '<5' },
        { end: 'expired', reason: 'expired', count: '<5' },
      ],
      total: '<5',
      // Received: January 6, February 2 (small), so hidden over both months. Accepted and completed:
      // January's 5 are 1 under its received 6 (the rejected one), so hidden in January and over both.
      funnel: { sent: 12, received: '<5', accepted: '<5', completed: '<5' },
      overdue: { count: '<5', rate: null },
    });
  });

  it('shows each role only what it may: their organisation, the network, or nothing', async () => {
    const asAdvisor = figures(await report(advisor, `contacts?${SEEDED}&groupBy=channel`));
    expect(figures(await report(moniAdmin, `contacts?${SEEDED}&groupBy=channel`))).toEqual(asAdvisor);
    const network = await report(admin, `contacts?${SEEDED}&groupBy=channel`);
    expect(network.scope).toEqual({ kind: 'network' });
    expect(network.total).toBe(26);
    for (const caller of [employment, await loginAs(system, 'kela')]) {
      const res = await caller.get(`/api/v1/statistics/contacts?${SEEDED}`);
      expect(res.status).toBe(403);
      expect((await json(res)).code).toBe('AUTH.FORBIDDEN');
    }
    // Even a forged envelope cannot make partner staff a reader: the service refuses too.
    await expect(
      rpc.request(
        'statistics.report.get',
        { report: 'contacts' },
        {
          actor: {
            userId: randomUUID(),
            username: null,
            organisationId: DEMO_ORG_EMPLOYMENT,
            role: 'partner_staff',
            realmRoles: [],
          },
          correlationId: 'c',
        },
      ),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect((await admin.get('/api/v1/contacts')).status).toBe(403);
  });
});

// Differencing: figures a user may read, subtracted from one another, must not give a hidden count
// back. Each test takes the attack's figures through the API and would fail with the hole open.
describe('differencing', () => {
  /** The shown cells of a report by one dimension, keyed by its value. */
  const cellsOf = (body: StatisticsReport, dimension: string) =>
    Object.fromEntries(body.rows.map((row) => [row[dimension] as string, row.count]));

  it('a total minus the shown cells never gives back one hidden cell or a sum under 5', async () => {
    for (const path of [
      `contacts?${SEEDED}&groupBy=channel`,
      `contacts?from=2026-02&to=2026-02&groupBy=channel`,
      `participants?${SEEDED}&groupBy=gender`,
      `referrals?from=2026-01&to=2026-01&groupBy=status`,
      `referrals?${SEEDED}&groupBy=receivingOrganisation`,
    ]) {
      const body = await report(advisor, path);
      if (typeof body.total !== 'number') {
        continue;
      }
      const shown = body.rows.map((row) => row.count).filter((count) => typeof count === 'number');
      const hiddenCells = body.rows.length - shown.length;
      const rest = body.total - shown.reduce<number>((sum, count) => sum + count, 0);
      expect({ path, ok: hiddenCells === 0 ? rest === 0 : hiddenCells > 1 && rest >= 5 }).toEqual({
        path,
        ok: true,
      });
    }
  });

  it('a month range minus a narrower one does not give a hidden month back', async () => {
    // January's phone contacts are 3: its report hides them, and walk-in 7 with them.
    const january = await report(advisor, `contacts?from=2026-01&to=2026-01&groupBy=channel`);
    expect(cellsOf(january, 'channel')).toEqual({ walk_in: '<5', phone: '<5' });
    expect(january.total).toBe(10);
    for (const [dimension, value] of [
      ['channel', 'walk_in'],
      ['kind', 'registered'],
      ['kind', 'anonymous'],
    ]) {
      const wide = cellsOf(await report(advisor, `contacts?${SEEDED}&groupBy=${dimension}`), dimension);
      const february = cellsOf(
        await report(advisor, `contacts?from=2026-02&to=2026-02&groupBy=${dimension}`),
        dimension,
      );
      // Were both shown, wide − February would be January's hidden cell.
      expect(typeof wide[value] === 'number' && typeof february[value] === 'number').toBe(false);
    }
    // Referrals: January's completed 5 and rejected 1 are hidden; over January–February too.
    const status = cellsOf(await report(advisor, `referrals?${SEEDED}&groupBy=status`), 'status');
    expect(status.completed).toBe('<5');
    // The plan up to a month minus the plan up to the month before is that month's new participants:
    // February's are 7 (shown), so the plan differs by 7; a month of 1–4 would not count.
    const [toJanuary, toFebruary] = await Promise.all(
      ['to=2026-01', 'to=2026-02'].map(
        async (to) => (await report(advisor, `participants?from=2026-01&${to}`)).plan,
      ),
    );
    expect([toJanuary?.reached, toFebruary?.reached]).toEqual([6, 13]);
  });

  it('the same figures grouped two ways do not give each other back', async () => {
    // November 2025: walk-in 3 (fi), phone 8 (sv), remote 6 (fi) and 10 (ar). By channel alone the
    // report hides walk-in and phone (8, so that 27 − 16 does not give walk-in's 3 back); by channel
    // and language, phone × sv alone on its line would show phone's 8 and so walk-in's 3.
    const seeded = [
      ...Array.from({ length: 3 }, () => ({ channel: 'walk_in', language: 'fi' })),
      ...Array.from({ length: 8 }, () => ({ channel: 'phone', language: 'sv' })),
      ...Array.from({ length: 6 }, () => ({ channel: 'remote', language: 'fi' })),
      ...Array.from({ length: 10 }, () => ({ channel: 'remote', language: 'ar' })),
    ];
    for (const { channel, language } of seeded) {
      await emit(
        'clients',
        'events.clients.contact.recorded',
        { ...contact(DEMO_ORG_MONI, '2025-11-12', channel, 'anonymous'), language },
        '2025-11-12T08:00:00.000Z',
      );
    }
    const NOVEMBER = 'from=2025-11&to=2025-11';
    const byChannel = await eventually(async () => {
      const body = await report(advisor, `contacts?${NOVEMBER}&groupBy=channel`);
      expect(body.total).toBe(27);
      return body;
    });
    expect(cellsOf(byChannel, 'channel')).toEqual({ walk_in: '<5', phone: '<5', remote: 16 });
    for (const groupBy of ['channel,language', 'language,channel']) {
      const cross = await report(advisor, `contacts?${NOVEMBER}&groupBy=${groupBy}`);
      for (const channel of ['walk_in', 'phone']) {
        const line = cross.rows.filter((row) => row.channel === channel).map((row) => row.count);
        // A line of shown cells would add up to the hidden margin.
        expect({ groupBy, channel, hidden: line.includes('<5') }).toEqual({ groupBy, channel, hidden: true });
      }
    }
  });

  /** Two shown figures of which one counts everyone the other does: their difference, else null. */
  const difference = (outer: unknown, inner: unknown): number | null =>
    typeof outer === 'number' && typeof inner === 'number' ? outer - inner : null;
  const isSmall = (value: number | null) => value !== null && value > 0 && value < 5;

  it('ESF rows nested in another (unemployed ⊇ long-term unemployed, participants ⊇ all) give no small difference', async () => {
    // Without the rule: February's 7 participants − 5 unemployed = the 2 inactive the report hides.
    for (const range of [SEEDED, 'from=2026-02&to=2026-02']) {
      const esf = await report(advisor, `esf-participants?${range}`);
      const rowOf = (indicator: string) => esf.rows.find((row) => row.indicator === indicator)!;
      const pairs = [
        ['unemployed', 'long_term_unemployed'],
        ...esf.rows.slice(1).map((row) => ['participants', row.indicator as string]),
      ];
      for (const [outer, inner] of pairs) {
        for (const column of ['female', 'male', 'other', 'total']) {
          const rest = difference(rowOf(outer)[column], rowOf(inner)[column]);
          expect({ range, outer, inner, column, small: isSmall(rest) }).toEqual({
            range,
            outer,
            inner,
            column,
            small: false,
          });
        }
      }
    }
  });

  it('funnel steps (each within the one before; overdue within sent) give no small difference', async () => {
    // Without the rule: January's received 6 − accepted 5 = the 1 rejected referral.
    for (const range of [SEEDED, 'from=2026-01&to=2026-01']) {
      const { funnel, overdue } = await report(advisor, `broken-chain?${range}`);
      const steps = [funnel!.sent, funnel!.received, funnel!.accepted, funnel!.completed];
      const pairs = steps.flatMap((outer, i) => steps.slice(i + 1).map((inner) => [outer, inner]));
      for (const [outer, inner] of [...pairs, [funnel!.sent, overdue!.count]]) {
        expect({ range, outer, inner, small: isSmall(difference(outer, inner)) }).toEqual({
          range,
          outer,
          inner,
          small: false,
        });
      }
    }
  });

  it("stops the funnel at last month when the range reaches this month: this month's are on their way", async () => {
    const now = new Date();
    const thisMonth = helsinkiDate(now).slice(0, 7);
    const [year, month] = thisMonth.split('-').map(Number) as [number, number];
    const lastMonth = `${month === 1 ? year - 1 : year}-${String(month === 1 ? 12 : month - 1).padStart(2, '0')}`;
    // Last month: 6 sent and received. This month: 7 sent, 1 received so far (sent a minute ago).
    for (let day = 1; day <= 6; day++) {
      await seedReferral(
        DEMO_ORG_MONI,
        DEMO_ORG_EMPLOYMENT,
        'employment',
        `${lastMonth}-0${day}T10:00:00.000Z`,
        [['received', 1]],
      );
    }
    const justNow = new Date(now.getTime() - 60_000).toISOString();
    const sentThisMonth =
      helsinkiDate(new Date(justNow)).slice(0, 7) === thisMonth ? justNow : now.toISOString();
    for (let i = 0; i < 7; i++) {
      await seedReferral(
        DEMO_ORG_MONI,
        DEMO_ORG_EMPLOYMENT,
        'employment',
        sentThisMonth,
        i === 0 ? [['received', 0]] : [],
      );
    }
    const both = `from=${lastMonth}&to=${thisMonth}`;
    await eventually(async () => {
      expect((await report(advisor, `referrals?${both}`)).total).toBe(13);
    });
    // Counted in, this month's received 1 would hide "received" over the whole range.
    expect((await report(advisor, `broken-chain?${both}`)).funnel).toEqual({
      through: lastMonth,
      sent: 6,
      received: 6,
      accepted: 0,
      completed: 0,
    });
    expect((await report(advisor, `broken-chain?from=${thisMonth}&to=${thisMonth}`)).funnel).toEqual({
      through: thisMonth,
      sent: 7,
      received: '<5',
      accepted: 0,
      completed: 0,
    });
    expect((await report(advisor, `broken-chain?from=${lastMonth}&to=${lastMonth}`)).funnel).toMatchObject({
      through: lastMonth,
      sent: 6,
      received: 6,
    });
  });

  it('referrals by status and broken-chain by end (cancelled = cancelled + expired) give nothing back', async () => {
    // September 2025: 5 requested (open), 5 rejected, 6 cancelled on request, 3 cancelled as expired.
    // Broken-chain hides expired 3; without the rule it hid rejected 5 with it (its smallest shown
    // cell, shown in the referrals report anyway), so status cancelled 9 − cancelled 6 gave expired 3.
    const at = (day: number) => `2025-09-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const seeds: Array<Array<[string, number, string?]>> = [
      ...Array.from({ length: 5 }, () => []),
      ...Array.from({ length: 5 }, (): Array<[string, number, string?]> => [
        ['received', 1],
        ['rejected', 2, 'no_capacity'],
      ]),
      ...Array.from({ length: 6 }, (): Array<[string, number, string?]> => [
        ['cancelled', 2, 'client_request'],
      ]),
      ...Array.from({ length: 3 }, (): Array<[string, number, string?]> => [['cancelled', 20, 'expired']]),
    ];
    for (const [i, steps] of seeds.entries()) {
      await seedReferral(DEMO_ORG_MONI, DEMO_ORG_EMPLOYMENT, 'employment', at(i + 1), steps);
    }
    const SEPTEMBER = 'from=2025-09&to=2025-09';
    const byStatus = await eventually(async () => {
      const body = await report(advisor, `referrals?${SEPTEMBER}&groupBy=status`);
      expect(cellsOf(body, 'status')).toEqual({ requested: 5, rejected: 5, cancelled: 9 });
      return body;
    });
    const byEnd = await eventually(async () => {
      const body = await report(advisor, `broken-chain?${SEPTEMBER}&groupBy=end`);
      expect(body.rows).toHaveLength(3);
      return body;
    });
    const status = cellsOf(byStatus, 'status');
    const end = cellsOf(byEnd, 'end');
    // Status cancelled minus broken-chain's cancelled (and by end and reason, its cancelled rows).
    expect(isSmall(difference(status.cancelled, end.cancelled))).toBe(false);
    const byReason = await report(advisor, `broken-chain?${SEPTEMBER}`);
    const cancelledRows = byReason.rows.filter((row) => row.end === 'cancelled').map((row) => row.count);
    expect(cancelledRows.includes('<5')).toBe(true);
    // The same figure in both reports is shown in both or hidden in both.
    for (const same of ['rejected', 'failed']) {
      expect({
        same,
        shownInOneOnly: typeof status[same] !== typeof end[same] && !!status[same] && !!end[same],
      }).toEqual({
        same,
        shownInOneOnly: false,
      });
    }
    // All referrals minus the ended ones.
    expect(isSmall(difference(byStatus.total, byEnd.total))).toBe(false);
    // Expired 3 hidden, and cancelled with it (rejected 5 would protect nothing: the referrals show it).
    expect(end).toEqual({ rejected: 5, cancelled: '<5', expired: '<5' });
  });

  it("broken-chain by receiver within the referrals by receiver gives no receiver's open ones back", async () => {
    // August 2025: 7 referrals to the employment services, 5 rejected and 2 still requested. Without
    // the rule: 7 by receiver − 5 ended by receiver = the 2 open ones (hidden in the referrals by status).
    const at = (day: number) => `2025-08-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    for (let day = 1; day <= 7; day++) {
      const steps: Array<[string, number, string?]> =
        day <= 5
          ? [
              ['received', 1],
              ['rejected', 2, 'no_capacity'],
            ]
          : [];
      await seedReferral(DEMO_ORG_MONI, DEMO_ORG_EMPLOYMENT, 'employment', at(day), steps);
    }
    const AUGUST = 'from=2025-08&to=2025-08';
    const all = await eventually(async () => {
      const body = await report(advisor, `referrals?${AUGUST}&groupBy=receivingOrganisation`);
      expect(body.total).toBe(7);
      expect((await report(advisor, `broken-chain?${AUGUST}&groupBy=end`)).rows).toHaveLength(1);
      return body;
    });
    const ended = await report(advisor, `broken-chain?${AUGUST}&groupBy=receivingOrganisation`);
    const referrals = cellsOf(all, 'receivingOrganisation');
    const broken = cellsOf(ended, 'receivingOrganisation');
    expect(referrals[DEMO_ORG_EMPLOYMENT]).toBe(7);
    expect(isSmall(difference(referrals[DEMO_ORG_EMPLOYMENT], broken[DEMO_ORG_EMPLOYMENT]))).toBe(false);
    expect(isSmall(difference(all.total, ended.total))).toBe(false);
  });

  it("response-times' counts (sent to a partner) and the referrals by receiver give nothing back", async () => {
    // Without the rule: response-times showed Kela 5 and its total 11, which the referrals by receiver
    // hide; 12 referrals − employment 6 − Kela 5 gave the 1 logged referral back.
    const referrals = await report(advisor, `referrals?${SEEDED}&groupBy=receivingOrganisation`);
    const times = await report(advisor, `response-times?${SEEDED}`);
    const byReceiver = cellsOf(referrals, 'receivingOrganisation');
    for (const row of times.rows) {
      const receiver = row.receivingOrganisation as string;
      // The same figure: shown in both or hidden in both.
      expect({ receiver, times: typeof row.count }).toEqual({ receiver, times: typeof byReceiver[receiver] });
    }
    expect(isSmall(difference(referrals.total, times.total))).toBe(false);
  });

  it('the participants report and the ESF rows that sum some of its values give nothing back', async () => {
    // July 2025 (after the plan's checks): 3 women aged 18–24, 10 aged 25–29, 8 aged 55–64. ESF shows
    // age_18_29 13; without the rule the report by age band hid 18–24 and 55–64 (the smallest), and
    // 13 − 25–29's 10 gave 18–24's 3 back.
    for (const [count, ageBand] of [
      [3, '18_24'],
      [10, '25_29'],
      [8, '55_64'],
    ] as const) {
      for (let i = 0; i < count; i++) {
        await emit(
          'clients',
          'events.clients.participant.recorded',
          participant('female', '2025-07-10', ageBand, 'unemployed', 'isced_3_4', null),
          '2025-07-10T08:00:00.000Z',
        );
      }
    }
    const JULY = 'from=2025-07&to=2025-07';
    const byAge = await eventually(async () => {
      const body = await report(advisor, `participants?${JULY}&groupBy=ageBand`);
      expect(body.total).toBe(21);
      return body;
    });
    const esf = await report(advisor, `esf-participants?${JULY}`);
    const esfTotal = (indicator: string) => esf.rows.find((row) => row.indicator === indicator)?.total;
    const ages = cellsOf(byAge, 'ageBand');
    for (const [indicator, bands] of [
      ['under_18', ['under_18']],
      ['age_18_29', ['18_24', '25_29']],
      ['age_55_plus', ['55_64', '65_plus']],
    ] as const) {
      const sum = esfTotal(indicator);
      const values = bands.map((band) => ages[band] ?? 0);
      const shown = values.filter((value) => typeof value === 'number');
      const hidden = values.length - shown.length;
      if (typeof sum !== 'number' || hidden === 0) {
        continue;
      }
      // The ESF figure minus the shown ages: never one hidden age, never a sum under 5.
      const rest = sum - shown.reduce<number>((a, b) => a + b, 0);
      expect({ indicator, ok: hidden > 1 && rest >= 5 }).toEqual({ indicator, ok: true });
    }
  });

  it('network and organisation figures are never both readable by one user', async () => {
    // A user has one role: a platform admin reads the network only, an organisation's staff their
    // organisation only, and no query chooses another scope.
    expect((await report(admin, `contacts?${SEEDED}`)).scope).toEqual({ kind: 'network' });
    expect((await report(moniAdmin, `contacts?${SEEDED}`)).scope).toEqual({
      kind: 'organisation',
      organisationId: DEMO_ORG_MONI,
    });
    for (const [caller, query] of [
      [admin, `organisationId=${DEMO_ORG_MONI}`],
      [moniAdmin, 'scope=network'],
    ] as const) {
      const res = await caller.get(`/api/v1/statistics/contacts?${SEEDED}&${query}`);
      expect(res.status).toBe(400);
    }
  });
});

describe('exports', () => {
  it('XLSX opens, and its cells equal the JSON; CSV likewise', async () => {
    const path = `referrals?${SEEDED}&groupBy=status`;
    const body = await report(advisor, path);
    const res = await advisor.get(`/api/v1/statistics/${path}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="moni-referrals-2026-01-2026-02.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('referrals')!;
    const cells: unknown[][] = [];
    sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    // Each status in the download's language (Finnish unless asked) beside its code.
    const finnish: Record<string, string> = {
      requested: 'Lähetetty',
      rejected: 'Hylätty',
      completed: 'Valmis',
      cancelled: 'Peruttu',
    };
    expect(body.columns).toEqual(['status', 'count']);
    expect(cells).toEqual([
      ['status', 'statusLabel', 'count'],
      ...body.rows.map((row) => [row.status, finnish[String(row.status)], row.count]),
      ['total', 'Yhteensä', body.total],
    ]);
    const csv = await advisor.get(`/api/v1/statistics/${path}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).replace(/^\uFEFF/, '')).toBe(
      'status,statusLabel,count\r\nrequested,Lähetetty,<5\r\nrejected,Hylätty,<5\r\ncompleted,Valmis,<5\r\ncancelled,Peruttu,<5\r\ntotal,Yhteensä,12\r\n',
    );
    const english = await advisor.get(`/api/v1/statistics/${path}&format=csv&lang=en`);
    expect((await english.text()).split('\r\n').slice(1, 3)).toEqual([
      'requested,Sent,<5',
      'rejected,Rejected,<5',
    ]);
  });

  it('names each organisation beside its id, in the language asked; refuses a language it has not', async () => {
    const path = `referrals?${SEEDED}&groupBy=receivingOrganisation`;
    const body = await report(advisor, path);
    expect(body.rows.length).toBeGreaterThan(0);
    const quoted = (text: string) => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const res = await advisor.get(`/api/v1/statistics/${path}&format=csv&lang=sv`);
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('receivingOrganisation,receivingOrganisationName,count');
    expect(lines.slice(1, -1)).toEqual(
      body.rows.map((row) => {
        const id = String(row.receivingOrganisation);
        const name = body.organisations[id];
        return `${id},${quoted(name ? (name.sv ?? name.fi) : '')},${row.count}`;
      }),
    );
    expect(lines.at(-1)).toBe(`total,,${body.total}`);

    const refused = await advisor.get(`/api/v1/statistics/${path}&format=csv&lang=de`);
    expect(refused.status).toBe(400);
    expect((await json(refused)).details.map((d: { field: string }) => d.field)).toEqual(['lang']);
  });
});

describe('the read model', () => {
  const reports = [
    `contacts?${SEEDED}&groupBy=month,channel`,
    `participants?${SEEDED}&groupBy=gender`,
    `referrals?${SEEDED}&groupBy=receivingOrganisation`,
    `response-times?${SEEDED}`,
    `broken-chain?${SEEDED}`,
    `esf-participants?${SEEDED}`,
  ];
  const all = async (caller: ApiCaller) =>
    Promise.all(reports.map(async (path) => figures(await report(caller, path))));

  it('counts an event delivered twice once', async () => {
    const before = await report(advisor, `contacts?${SEEDED}`);
    const [seeded] = await system.services
      .get('clients')!
      .get<DataSource>(getDataSourceToken())
      .query(
        `SELECT payload FROM clients.outbox WHERE type = 'events.clients.contact.recorded' ORDER BY created_at LIMIT 1`,
      );
    // The same event again, under another message id (JetStream's de-duplication does not catch it).
    const nc = await connect({ servers: system.env.NATS_URL });
    await jetstream(nc).publish(
      publishSubject('events.clients.contact.recorded', namespaced(system.env.NATS_SUBJECT_PREFIX, 'events')),
      JSON.stringify(seeded.payload),
      { msgID: randomUUID() },
    );
    await nc.close();
    // A new contact after it: once that one counts, the duplicate has been handled too.
    await emit(
      'clients',
      'events.clients.contact.recorded',
      contact(DEMO_ORG_MONI, '2026-03-05', 'phone', 'anonymous'),
      '2026-03-05T08:00:00.000Z',
    );
    await eventually(async () =>
      expect((await report(advisor, 'contacts?from=2026-03&to=2026-03')).total).toBe('<5'),
    );
    expect(figures(await report(advisor, `contacts?${SEEDED}`))).toEqual(figures(before));
  });

  it('gives the same figures after a rebuild from the stream', async () => {
    const before = await all(advisor);
    const reply = await rpc.request(
      'statistics.readmodel.rebuild',
      { source: 'stream' },
      { actor: SYSTEM_ACTOR, correlationId: 'rebuild' },
    );
    // The 13 of the seeded history and the 21 of July 2025 (differencing).
    expect(reply).toMatchObject({ source: 'stream', participants: 34 });
    await eventually(async () => expect(await all(advisor)).toEqual(before), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    await expect(
      rpc.request(
        'statistics.readmodel.rebuild',
        { source: 'stream' },
        { actor: { ...SYSTEM_ACTOR, userId: randomUUID(), role: 'platform_admin' }, correlationId: 'r' },
      ),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('gives the same figures for what the owners hold after a rebuild from their snapshots', async () => {
    // Recorded through the API this month: the clients service holds these.
    const today = helsinkiDate();
    for (let i = 0; i < 6; i++) {
      const res = await advisor.post('/api/v1/contacts', {
        date: today,
        channel: i < 5 ? 'outreach' : 'phone',
        topics: ['language_training'],
        language: 'uk',
        interpreter: i % 2 === 0,
        duration: 'under_15',
        anonymous: { ageBand: '30_39', gender: 'female', municipality: '743' },
      });
      expect(res.status).toBe(201);
    }
    expect(
      (
        await advisor.post('/api/v1/events', {
          date: today,
          topics: ['employment'],
          attendance: 12,
          title: 'Job fair',
        })
      ).status,
    ).toBe(201);
    const month = today.slice(0, 7);
    const current = [
      `contacts?from=${month}&to=${month}&groupBy=channel`,
      `group-events?from=${month}&to=${month}`,
    ];
    const before = await eventually(async () => {
      const figures = await Promise.all(current.map(async (path) => await report(advisor, path)));
      expect(figures[0].total).toBe(6);
      expect(figures[1]).toMatchObject({ total: '<5', attendanceTotal: 12 });
      return figures.map((f) => ({ ...f, generatedAt: null }));
    });
    expect(
      await rpc.request(
        'statistics.readmodel.rebuild',
        { source: 'snapshot' },
        { actor: SYSTEM_ACTOR, correlationId: 'snap' },
      ),
    ).toMatchObject({
      source: 'snapshot',
      contacts: 6,
      groupEvents: 1,
    });
    const after = await Promise.all(
      current.map(async (path) => ({ ...(await report(advisor, path)), generatedAt: null })),
    );
    expect(after).toEqual(before);
    // The seeded events were never the owners' records: a rebuild from the stream brings them back.
    await rpc.request(
      'statistics.readmodel.rebuild',
      { source: 'stream' },
      { actor: SYSTEM_ACTOR, correlationId: 'back' },
    );
    await eventually(async () => expect((await report(advisor, `contacts?${SEEDED}`)).total).toBe(22), {
      timeoutMs: 30_000,
    });
  });
});

describe('refusals and bad input', () => {
  it('names the field of a bad statistics query', async () => {
    for (const [path, field] of [
      ['nonsense', 'report'],
      ['contacts?from=2026-13', 'from'],
      ['contacts?from=2026-05&to=2026-04', 'from'],
      ['contacts?from=2020-01&to=2026-04', 'from'],
      ['contacts?groupBy=need', 'groupBy'],
      ['contacts?groupBy=month,channel,kind', 'groupBy'],
      ['contacts?format=pdf', 'format'],
      ['contacts?colour=red', 'colour'],
    ]) {
      const res = await advisor.get(`/api/v1/statistics/${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      const body = await json(res);
      expect([path, body.code, body.details.map((d: { field: string }) => d.field)]).toEqual([
        path,
        'VALIDATION.FAILED',
        [field],
      ]);
    }
  });

  it('refuses bad contacts, events and ESF data through the gateway with the field', async () => {
    const contactRes = await advisor.post('/api/v1/contacts', {
      date: helsinkiDate(),
      channel: 'walk_in',
      topics: ['employment'],
      language: 'ar',
      interpreter: false,
      duration: '15_30',
      anonymous: { ageBand: '25_29', gender: 'female', municipality: '743', name: 'Amina' },
    });
    expect(contactRes.status).toBe(400);
    expect((await json(contactRes)).details.map((d: { field: string }) => d.field)).toEqual([
      'anonymous.name',
    ]);
    const eventRes = await advisor.post('/api/v1/events', {
      date: helsinkiDate(),
      topics: [],
      attendance: 5,
    });
    expect((await json(eventRes)).details.map((d: { field: string }) => d.field)).toEqual(['topics']);
    const clientRes = await advisor.post('/api/v1/clients', {
      firstName: 'Esf',
      lastName: 'Test',
      esf: { educationAtEntry: 'phd' },
    });
    expect(clientRes.status).toBe(400);
    expect((await json(clientRes)).details.map((d: { field: string }) => d.field)).toEqual([
      'esf.educationAtEntry',
    ]);
    expect((await employment.post('/api/v1/contacts', {})).status).toBe(403);
    expect((await moniAdmin.get('/api/v1/events')).status).toBe(403);
  });
});
