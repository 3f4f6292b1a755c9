// The consistency checker: what the load was told (2xx or not) against what PostgreSQL holds, the
// e-mails the SMTP sink received, the consumers' inboxes, the outboxes and the audit chain.
// Reusable: give it the administrator's database URL, the operations and the received e-mails.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { AUDIT_EVENT_TYPE } from '#contracts';
import { DeadLetterQueue, type DeadLetter } from '#messaging';
import { auditAnchorLocation } from '../../apps/audit/src/audit-log/audit-anchor.js';
import { AUDIT_CONSUMER_DURABLE } from '../../apps/audit/src/audit-log/audit-consumer.js';
import { runAuditVerify } from '../../apps/audit/src/audit-log/chain-verifier.js';
import { loadAuditConfig } from '../../apps/audit/src/config.js';
import { durableNameOf } from '../../apps/notifications/src/routing/event-consumers.js';
import { ROUTED_EVENTS } from '../../apps/notifications/src/routing/recipient-plan.js';
import { DEMO_ORG_EMPLOYMENT } from '../../apps/partners/src/demo/demo-organisations.js';
import type { Operation, OpKind } from './load.js';
import type { ReceivedMail } from './smtp-sink.js';

export interface CheckInput {
  adminUrl: string;
  natsUrl: string;
  operations: readonly Operation[];
  mails: readonly ReceivedMail[];
}

export interface CheckResult {
  /** 2xx answers whose effect is missing, and events some consumer never applied. */
  lost: number;
  /** Effects present more than once (rows, notifications, e-mails, audit entries). */
  duplicated: number;
  /** Refused requests that changed something anyway. */
  failedButChanged: number;
  /** One line per finding, for the report. */
  findings: string[];
  /** Things worth knowing that are not inconsistencies (e.g. the same e-mail sent twice by SMTP retry). */
  notes: string[];
  counts: Record<string, number>;
}

const SCHEMAS = ['clients', 'referrals', 'partners', 'notifications', 'audit'] as const;

/** Each durable consumer, the schema of its inbox and the event types it applies. */
export function consumerTypes(): { durable: string; schema: string; types: string[] }[] {
  return [
    { durable: AUDIT_CONSUMER_DURABLE, schema: 'audit', types: [AUDIT_EVENT_TYPE] },
    ...ROUTED_EVENTS.map((type) => ({
      durable: durableNameOf(type),
      schema: 'notifications',
      types: [type as string],
    })),
    {
      durable: 'referrals_consent_withdrawn',
      schema: 'referrals',
      types: ['events.clients.consent.withdrawn'],
    },
    { durable: 'referrals_consent_expired', schema: 'referrals', types: ['events.clients.consent.expired'] },
    {
      durable: 'referrals_consent_superseded',
      schema: 'referrals',
      types: ['events.clients.consent.superseded'],
    },
    { durable: 'referrals_client_erased', schema: 'referrals', types: ['events.clients.client.erased'] },
  ];
}

const ok = (op: Operation): boolean => op.status >= 200 && op.status < 300;
/** Refused with an answer: it must have changed nothing. No answer at all (0): it may have. */
const refused = (op: Operation): boolean => op.status >= 400;

/** What is still on its way: events unpublished or unacknowledged, e-mails waiting. */
export interface PendingWork {
  unpublished: number;
  /**
   * Events the durable consumers have not acknowledged yet, delivered or not. A consumer killed with
   * events in hand gets them again only after its ack wait (30 s): until then they are late, not lost.
   */
  unacknowledged: number;
  queuedEmails: number;
}

/** Whether the world the outbox feeds has settled: all zero. */
export async function pendingWork(adminUrl: string, natsUrl: string): Promise<PendingWork> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const outbox = SCHEMAS.map(
      (s) => `SELECT count(*) AS n FROM "${s}".outbox WHERE published_at IS NULL`,
    ).join(' UNION ALL ');
    const [{ rows: o }, { rows: e }, unacknowledged] = await Promise.all([
      client.query<{ n: string }>(`SELECT sum(n)::int AS n FROM (${outbox}) t`),
      client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications.email_deliveries WHERE status IN ('queued', 'retrying')`,
      ),
      unacknowledgedEvents(natsUrl),
    ]);
    return { unpublished: Number(o[0].n), unacknowledged, queuedEmails: e[0].n };
  } finally {
    await client.end();
  }
}

export async function checkConsistency(input: CheckInput): Promise<CheckResult> {
  const result: CheckResult = {
    lost: 0,
    duplicated: 0,
    failedButChanged: 0,
    findings: [],
    notes: [],
    counts: {},
  };
  const finding = (kind: 'lost' | 'duplicated' | 'failedButChanged', text: string): void => {
    result[kind] += 1;
    if (result.findings.length < 200) {
      result.findings.push(`${kind}: ${text}`);
    }
  };
  const client = new pg.Client({ connectionString: input.adminUrl });
  await client.connect();
  try {
    await checkOperations(client, input.operations, finding);
    await checkNotifications(client, input, finding, result);
    await checkConsumers(client, finding, result);
    await checkAudit(client, input, finding, result);
    await checkBoxCounts(client, finding, result);
  } finally {
    await client.end();
  }
  const deadLetters = await listDeadLetters(input.natsUrl).catch(
    (error: Error) => `could not list: ${error.message}`,
  );
  if (typeof deadLetters === 'string' || deadLetters.length > 0) {
    result.notes.push(
      typeof deadLetters === 'string'
        ? `dead letters: ${deadLetters}`
        : `${deadLetters.length} dead letter(s), replayable with npm run dlq: ${deadLetters
            .map(
              (l) => `${l.consumer} ${l.eventType ?? ''} after ${l.deliveryCount ?? '?'} tries (${l.reason})`,
            )
            .slice(0, 5)
            .join('; ')}`,
    );
  }
  result.counts.deadLetters = typeof deadLetters === 'string' ? -1 : deadLetters.length;
  return result;
}

async function unacknowledgedEvents(natsUrl: string): Promise<number> {
  return withNats(natsUrl, async (nc) => {
    const jsm = await jetstreamManager(nc);
    let pending = 0;
    for await (const stream of jsm.streams.list()) {
      for await (const consumer of jsm.consumers.list(stream.config.name)) {
        if (consumer.config.durable_name) {
          pending += consumer.num_pending + consumer.num_ack_pending;
        }
      }
    }
    return pending;
  });
}

/** A short-lived connection of the checker's own, closed after `use`. */
async function withNats<T>(natsUrl: string, use: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: natsUrl, timeout: 3000, reconnect: false });
  try {
    return await use(nc);
  } finally {
    await nc.close();
  }
}

async function listDeadLetters(natsUrl: string): Promise<DeadLetter[]> {
  return withNats(natsUrl, async (nc) => {
    const queue = new DeadLetterQueue(await jetstreamManager(nc), jetstream(nc), {
      stream: 'MONI_DEAD_LETTER',
      deadLetterSubjectPrefix: 'deadletter',
      eventsSubjectPrefix: 'events',
    });
    return queue.list();
  });
}

type Finding = (kind: 'lost' | 'duplicated' | 'failedButChanged', text: string) => void;

/** What the operations left in the databases, counted per client, referral and step. */
interface Landed {
  clients: Set<string>;
  consents: Map<string, number>;
  referrals: { id: string; client_id: string }[];
  referralsByClient: Map<string, number>;
  historyCount: Map<string, number>;
  messages: Map<string, number>;
}

/** Checks one operation's effect, counted where it lands; 1 for a 2xx, 0 for a refusal. */
type ExpectOne = (op: Operation, count: number, what: string) => void;

async function checkOperations(
  client: pg.Client,
  operations: readonly Operation[],
  finding: Finding,
): Promise<void> {
  const byFlow = new Map<string, Map<OpKind, Operation>>();
  for (const op of operations) {
    const flow = byFlow.get(op.flow) ?? new Map<OpKind, Operation>();
    flow.set(op.op, op);
    byFlow.set(op.flow, flow);
  }
  const landed = await landedEffects(client, operations);
  const expectOne: ExpectOne = (op, count, what) => {
    if (ok(op) && count === 0) {
      finding('lost', `${op.op} ${op.flow} answered ${op.status} but ${what} is missing`);
    } else if (count > 1) {
      finding('duplicated', `${op.op} ${op.flow}: ${what} exists ${count} times`);
    } else if (refused(op) && count > 0) {
      finding('failedButChanged', `${op.op} ${op.flow} answered ${op.status} but ${what} exists`);
    }
  };
  for (const [, flow] of byFlow) {
    checkFlow(flow, landed, expectOne, finding);
  }
}

async function landedEffects(client: pg.Client, operations: readonly Operation[]): Promise<Landed> {
  const clientIds = operations.filter((op) => op.op === 'client.create' && ok(op)).map((op) => op.clientId!);
  const referralIds = operations
    .filter((op) => op.op === 'referral.send' && ok(op))
    .map((op) => op.referralId!);
  const anyReferral = operations.filter((op) => op.clientId).map((op) => op.clientId!);

  const clients = new Set(
    (
      await client.query<{ id: string }>(`SELECT id FROM clients.clients WHERE id = ANY($1::uuid[])`, [
        clientIds,
      ])
    ).rows.map((r) => r.id),
  );
  const consents = countBy(
    (
      await client.query<{ client_id: string }>(
        `SELECT client_id FROM clients.consents WHERE client_id = ANY($1::uuid[])`,
        [anyReferral],
      )
    ).rows.map((r) => r.client_id),
  );
  const referrals = (
    await client.query<{ id: string; client_id: string }>(
      `SELECT id, client_id FROM referrals.referrals WHERE client_id = ANY($1::uuid[])`,
      [anyReferral],
    )
  ).rows;
  const allReferralIds = [...new Set([...referralIds, ...referrals.map((r) => r.id)])];
  const history = (
    await client.query<{ referral_id: string; to_status: string }>(
      `SELECT referral_id, to_status FROM referrals.referral_history WHERE referral_id = ANY($1::uuid[])`,
      [allReferralIds],
    )
  ).rows;
  const messages = countBy(
    (
      await client.query<{ referral_id: string; author_organisation_id: string }>(
        `SELECT referral_id, author_organisation_id FROM referrals.referral_messages WHERE referral_id = ANY($1::uuid[])`,
        [allReferralIds],
      )
    ).rows.map(
      (m) => `${m.referral_id}:${m.author_organisation_id === DEMO_ORG_EMPLOYMENT ? 'partner' : 'advisor'}`,
    ),
  );
  return {
    clients,
    consents,
    referrals,
    referralsByClient: countBy(referrals.map((r) => r.client_id)),
    historyCount: countBy(history.map((h) => `${h.referral_id}:${h.to_status}`)),
    messages,
  };
}

/** The flow's client and its consent; answers the client's id (when the flow created one). */
function checkClient(
  flow: Map<OpKind, Operation>,
  landed: Landed,
  expectOne: ExpectOne,
  finding: Finding,
): string | undefined {
  const created = flow.get('client.create');
  if (created && ok(created) && !landed.clients.has(created.clientId!)) {
    finding(
      'lost',
      `client.create ${created.flow} answered ${created.status} but client ${created.clientId} is missing`,
    );
  }
  const clientId = created?.clientId;
  const consent = flow.get('consent.create');
  if (consent && clientId) {
    expectOne(consent, landed.consents.get(clientId) ?? 0, `the consent of client ${clientId}`);
  }
  return clientId;
}

/** One flow: its client, consent and referral, then each later step of the referral. */
function checkFlow(
  flow: Map<OpKind, Operation>,
  landed: Landed,
  expectOne: ExpectOne,
  finding: Finding,
): void {
  const clientId = checkClient(flow, landed, expectOne, finding);
  const send = flow.get('referral.send');
  if (send && clientId) {
    expectOne(send, landed.referralsByClient.get(clientId) ?? 0, `the referral of client ${clientId}`);
  }
  const referralId = send?.referralId ?? landed.referrals.find((r) => r.client_id === clientId)?.id;
  if (!referralId || !send) {
    return;
  }
  if (ok(send)) {
    expectOne(
      send,
      landed.historyCount.get(`${referralId}:requested`) ?? 0,
      `history "requested" of ${referralId}`,
    );
  }
  checkSteps(flow, referralId, landed, expectOne, finding);
}

function checkSteps(
  flow: Map<OpKind, Operation>,
  referralId: string,
  landed: Landed,
  expectOne: ExpectOne,
  finding: Finding,
): void {
  const steps: [OpKind, string][] = [
    ['referral.open', `${referralId}:received`],
    ['referral.accept', `${referralId}:accepted`],
    ['referral.start', `${referralId}:in_progress`],
    ['message.partner', `${referralId}:partner`],
    ['message.advisor', `${referralId}:advisor`],
  ];
  for (const [kind, key] of steps) {
    const op = flow.get(kind);
    const message = kind.startsWith('message.');
    const count = (message ? landed.messages.get(key) : landed.historyCount.get(key)) ?? 0;
    if (op) {
      expectOne(
        op,
        count,
        message ? `the ${kind} message of ${referralId}` : `history "${key.split(':')[1]}" of ${referralId}`,
      );
    } else if (count > 0 && kind !== 'referral.open') {
      // Never asked for (the flow stopped earlier), yet there.
      finding('failedButChanged', `${kind} of ${referralId} was never requested but exists`);
    }
  }
}

/** Every recipient has exactly one in-app notification of the sent referral. */
function checkInApp(
  referralId: string,
  recipients: Set<string>,
  perReferral: Map<string, Map<string, number>>,
  finding: Finding,
): void {
  for (const user of recipients) {
    const n = perReferral.get(referralId)?.get(user) ?? 0;
    if (n === 0) {
      finding('lost', `referral ${referralId} sent but user ${user} has no in-app notification`);
    } else if (n > 1) {
      finding('duplicated', `referral ${referralId}: user ${user} has ${n} notifications`);
    }
  }
}

interface Delivery {
  id: string;
  recipient: string;
  status: string;
  link: string;
  message_id: string | null;
}

/**
 * One recipient's e-mail of the referral: queued once, sent, received. Answers how many times more
 * than once the SMTP server received it.
 */
function checkMail(
  referralId: string,
  rows: Delivery[],
  mailsById: Map<string, number>,
  finding: Finding,
): number {
  if (rows.length === 0) {
    finding('lost', `referral ${referralId} sent but no e-mail was queued for one recipient`);
    return 0;
  }
  if (rows.length > 1) {
    finding('duplicated', `referral ${referralId}: ${rows.length} e-mails queued for one recipient`);
  }
  const [row] = rows;
  const received = mailsById.get(`<${row.id}@moni.notifications>:${row.recipient}`) ?? 0;
  if (row.status !== 'sent' || received === 0) {
    finding('lost', `referral ${referralId}: e-mail ${row.id} is ${row.status}, received ${received} times`);
    return 0;
  }
  // SMTP itself is at-least-once: an answer lost after the server took the mail means a resend
  // with the same Message-ID, which mail clients show once.
  return received - 1;
}

async function checkNotifications(
  client: pg.Client,
  input: CheckInput,
  finding: Finding,
  result: CheckResult,
): Promise<void> {
  const sentReferrals = input.operations
    .filter((op) => op.op === 'referral.send' && ok(op))
    .map((op) => op.referralId!);
  const notes = (
    await client.query<{ referral_id: string; user_id: string; n: number }>(
      `SELECT referral_id, user_id, count(*)::int AS n FROM notifications.notifications
        WHERE kind = 'referral.sent' AND referral_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [sentReferrals],
    )
  ).rows;
  const recipients = new Set(notes.map((n) => n.user_id));
  const perReferral = new Map<string, Map<string, number>>();
  for (const n of notes) {
    const users = perReferral.get(n.referral_id) ?? new Map<string, number>();
    users.set(n.user_id, n.n);
    perReferral.set(n.referral_id, users);
  }
  const deliveries = (
    await client.query<Delivery>(
      `SELECT d.id, d.recipient, d.status, d.link, d.message_id FROM notifications.email_deliveries d
        WHERE d.kind = 'referral.sent'`,
    )
  ).rows;
  const mailRecipients = new Set(deliveries.map((d) => d.recipient));
  const deliveriesByKey = new Map<string, typeof deliveries>();
  for (const d of deliveries) {
    const referralId = /\/referrals\/([0-9a-f-]{36})/.exec(d.link)?.[1] ?? '';
    const key = `${referralId}:${d.recipient}`;
    deliveriesByKey.set(key, [...(deliveriesByKey.get(key) ?? []), d]);
  }
  const mailsById = countBy(input.mails.map((m) => `${m.messageId}:${m.to}`));
  let resent = 0;
  for (const referralId of sentReferrals) {
    checkInApp(referralId, recipients, perReferral, finding);
    for (const recipient of mailRecipients) {
      resent += checkMail(
        referralId,
        deliveriesByKey.get(`${referralId}:${recipient}`) ?? [],
        mailsById,
        finding,
      );
    }
  }
  if (resent > 0) {
    result.notes.push(
      `${resent} e-mail(s) reached the SMTP server twice with the same Message-ID (SMTP retry)`,
    );
  }
  result.counts.referralsSent = sentReferrals.length;
  result.counts.notificationRecipients = recipients.size;
  result.counts.mailRecipients = mailRecipients.size;
  result.counts.mailsReceived = input.mails.length;
}

/**
 * The inbox and outbox counters (kept by triggers at each commit) agree with the referrals: a
 * counter below its rows lost a change, one above them counted one twice.
 */
async function checkBoxCounts(client: pg.Client, finding: Finding, result: CheckResult): Promise<void> {
  const { rows } = await client.query<{ key: string; kept: number; actual: number }>(
    `WITH actual AS (
       SELECT receiving_organisation_id AS organisation_id, 'incoming' AS box, status, count(*)::int AS n
         FROM referrals.referrals WHERE receiving_organisation_id IS NOT NULL AND sent_at IS NOT NULL
        GROUP BY 1, 2, 3
       UNION ALL
       SELECT sending_organisation_id, 'outgoing', status, count(*)::int FROM referrals.referrals GROUP BY 1, 2, 3)
     SELECT coalesce(a.organisation_id, k.organisation_id) || '|' || coalesce(a.box, k.box) || '|' ||
            coalesce(a.status, k.status) AS key, coalesce(k.count, 0)::int AS kept, coalesce(a.n, 0) AS actual
       FROM actual a
       FULL JOIN referrals.referral_box_counts k
         ON k.organisation_id = a.organisation_id AND k.box = a.box AND k.status = a.status
      WHERE coalesce(k.count, 0) <> coalesce(a.n, 0)`,
  );
  for (const row of rows) {
    finding(
      row.kept < row.actual ? 'lost' : 'duplicated',
      `box counter ${row.key}: ${row.kept} kept, ${row.actual} referrals`,
    );
  }
  const [{ n }] = (
    await client.query<{ n: number }>('SELECT count(*)::int AS n FROM referrals.referral_box_counts')
  ).rows;
  result.counts.boxCounters = n;
}

async function checkConsumers(client: pg.Client, finding: Finding, result: CheckResult): Promise<void> {
  const outbox = SCHEMAS.map((s) => `SELECT id, type, published_at FROM "${s}".outbox`).join(' UNION ALL ');
  const events = (await client.query<{ id: string; type: string; published_at: Date | null }>(outbox)).rows;
  const unpublished = events.filter((e) => e.published_at === null).length;
  if (unpublished > 0) {
    finding('lost', `${unpublished} event(s) still unpublished in the outboxes`);
  }
  result.counts.events = events.length;
  for (const { durable, schema, types } of consumerTypes()) {
    const expected = new Set(events.filter((e) => types.includes(e.type)).map((e) => e.id));
    const inbox = new Set(
      (
        await client.query<{ event_id: string }>(
          `SELECT event_id FROM "${schema}".inbox WHERE consumer = $1`,
          [durable],
        )
      ).rows.map((r) => r.event_id),
    );
    const missing = [...expected].filter((id) => !inbox.has(id));
    const extra = [...inbox].filter((id) => !expected.has(id));
    if (missing.length > 0) {
      finding('lost', `consumer ${durable} never applied ${missing.length} event(s), e.g. ${missing[0]}`);
    }
    if (extra.length > 0) {
      finding(
        'duplicated',
        `consumer ${durable} has ${extra.length} inbox row(s) for no event, e.g. ${extra[0]}`,
      );
    }
  }
  // No duplicate effect where the inbox is not the only guard.
  const doubled = (
    await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT event_id, user_id FROM notifications.notifications GROUP BY 1, 2 HAVING count(*) > 1) t`,
    )
  ).rows[0].n;
  if (doubled > 0) {
    finding('duplicated', `${doubled} (event, user) pair(s) with more than one notification`);
  }
}

async function checkAudit(
  client: pg.Client,
  input: CheckInput,
  finding: Finding,
  result: CheckResult,
): Promise<void> {
  const outbox = SCHEMAS.map((s) => `SELECT id FROM "${s}".outbox WHERE type = $1`).join(' UNION ALL ');
  const entries = (await client.query<{ id: string }>(outbox, [AUDIT_EVENT_TYPE])).rows.map((r) => r.id);
  const stored = new Set(
    (
      await client.query<{ id: string }>(`SELECT id FROM audit.audit_log WHERE id = ANY($1::uuid[])`, [
        entries,
      ])
    ).rows.map((r) => r.id),
  );
  const missing = entries.filter((id) => !stored.has(id));
  if (missing.length > 0) {
    finding(
      'lost',
      `${missing.length} audit entr(ies) published but not in the audit log, e.g. ${missing[0]}`,
    );
  }
  // One entry per operation: the actions the load's 2xx commands record, by their target.
  const audits = countBy(
    (
      await client.query<{ action: string; target_id: string }>(
        `SELECT action, target_id FROM audit.audit_log
          WHERE action IN ('client.created', 'referral.sent', 'referral.message.posted', 'referral.status_changed')`,
      )
    ).rows.map((r) => `${r.action}:${r.target_id}`),
  );
  const messageCounts = countBy(
    (
      await client.query<{ referral_id: string }>(`SELECT referral_id FROM referrals.referral_messages`)
    ).rows.map((r) => r.referral_id),
  );
  const changes = countBy(
    (
      await client.query<{ referral_id: string }>(
        `SELECT referral_id FROM referrals.referral_history WHERE from_status IS NOT NULL AND from_status <> 'draft'`,
      )
    ).rows.map((r) => r.referral_id),
  );
  const check = (key: string, want: number, what: string): void => {
    const have = audits.get(key) ?? 0;
    if (have < want) {
      finding('lost', `${what}: ${have} audit entr(ies), expected ${want}`);
    } else if (have > want) {
      finding('duplicated', `${what}: ${have} audit entr(ies), expected ${want}`);
    }
  };
  for (const op of input.operations.filter(ok)) {
    if (op.op === 'client.create') {
      check(`client.created:${op.clientId}`, 1, `client.created ${op.clientId}`);
    } else if (op.op === 'referral.send') {
      check(`referral.sent:${op.referralId}`, 1, `referral.sent ${op.referralId}`);
      check(
        `referral.message.posted:${op.referralId}`,
        messageCounts.get(op.referralId!) ?? 0,
        `messages of ${op.referralId}`,
      );
      check(
        `referral.status_changed:${op.referralId}`,
        changes.get(op.referralId!) ?? 0,
        `status changes of ${op.referralId}`,
      );
    }
  }
  const verified = await runAuditVerify(
    input.adminUrl,
    {
      natsUrl: input.natsUrl,
      location: auditAnchorLocation({ eventsStream: 'MONI_EVENTS', natsSubjectPrefix: '' }),
    },
    loadAuditConfig({}).chainKey,
  ).catch((error: unknown) => ({ exitCode: 2, message: (error as Error).message }));
  if (verified.exitCode !== 0) {
    finding('lost', `audit chain: ${verified.message}`);
  }
  result.counts.auditEntries = entries.length;
  result.notes.push(`audit chain: ${verified.message}`);
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
