import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReferralBox, ReferralStatus } from '#contracts';
import { ReferralEntity, ReferralHistoryEntity, ReferralMessageEntity } from './referral.entity.js';
import type { ReferralSummaryRow } from './referral.mapper.js';
import { AWAITING_ANSWER, OPEN_STATUSES } from './referral-state-machine.js';

/** A referral past its answer promise: it has a due date. */
export type OverdueReferral = ReferralEntity & { dueAt: Date };

export interface ReferralListFilter {
  box: ReferralBox;
  organisationId: string;
  statuses?: ReferralStatus[];
  overdue?: boolean;
  need?: string;
  serviceId?: string;
  /** The sender's client (the outgoing box only). */
  clientId?: string;
  /** A user id, or null for unassigned ones. */
  assigneeId?: string | null;
  from?: Date;
  to?: Date;
  after?: { listedAt: Date; id: string };
  limit: number;
  now: Date;
}

/** Adds a value to the query's parameters and answers its placeholder (`$n`). */
type Param = (value: unknown) => string;

/**
 * The statuses a page may show, or undefined for all of the box: never a draft in the incoming box,
 * and only those awaiting an answer when asking for the overdue ones.
 */
function listedStatuses(filter: ReferralListFilter, incoming: boolean): ReferralStatus[] | undefined {
  let statuses = filter.statuses?.length ? filter.statuses : undefined;
  if (incoming && statuses) {
    statuses = statuses.filter((status) => status !== 'draft');
  }
  if (filter.overdue === true) {
    const awaiting: readonly ReferralStatus[] = AWAITING_ANSWER;
    statuses = (statuses ?? [...awaiting]).filter((status) => awaiting.includes(status));
  }
  return statuses;
}

function overdueConditions(filter: ReferralListFilter, param: Param): string[] {
  if (filter.overdue === true) {
    return [`r."due_at" < ${param(filter.now)}`];
  }
  if (filter.overdue === false) {
    return [
      `NOT (r."status" IN ('requested', 'received') AND coalesce(r."due_at" < ${param(filter.now)}, false))`,
    ];
  }
  return [];
}

/** The conditions of the other filters, and of the keyset position. */
function filterConditions(filter: ReferralListFilter, param: Param): string[] {
  const where: string[] = [];
  if (filter.need) {
    where.push(`r."need" = ${param(filter.need)}`);
  }
  if (filter.serviceId) {
    where.push(`r."service_id" = ${param(filter.serviceId)}`);
  }
  if (filter.clientId) {
    where.push(`r."client_id" = ${param(filter.clientId)}`);
  }
  if (filter.assigneeId === null) {
    where.push(`r."assignee_id" IS NULL`);
  } else if (filter.assigneeId !== undefined) {
    where.push(`r."assignee_id" = ${param(filter.assigneeId)}`);
  }
  if (filter.from) {
    where.push(`r."listed_at" >= ${param(filter.from)}`);
  }
  if (filter.to) {
    where.push(`r."listed_at" < ${param(filter.to)}`);
  }
  if (filter.after) {
    where.push(`(r."listed_at", r."id") < (${param(filter.after.listedAt)}, ${param(filter.after.id)})`);
  }
  return where;
}

/** The columns of a list row, as the inbox and outbox read them. */
const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'status',
  'version',
  'client_id',
  'need',
  'urgency',
  'service_id',
  'sending_organisation_id',
  'sending_organisation_name',
  'receiving_organisation_id',
  'receiving_organisation_name',
  'assignee_id',
  'created_at',
  'listed_at',
  'sent_at',
  'received_at',
  'due_at',
  'closed_at',
]
  .map((column) => `r."${column}"`)
  .join(', ');

interface SummaryRecord {
  id: string;
  kind: ReferralSummaryRow['kind'];
  status: ReferralStatus;
  version: number;
  client_id: string;
  need: ReferralSummaryRow['need'];
  urgency: ReferralSummaryRow['urgency'];
  service_id: string | null;
  sending_organisation_id: string;
  sending_organisation_name: ReferralSummaryRow['sendingOrganisationName'];
  receiving_organisation_id: string | null;
  receiving_organisation_name: ReferralSummaryRow['receivingOrganisationName'];
  assignee_id: string | null;
  created_at: Date;
  listed_at: Date;
  sent_at: Date | null;
  received_at: Date | null;
  due_at: Date | null;
  closed_at: Date | null;
}

const toSummaryRow = (row: SummaryRecord): ReferralSummaryRow => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  version: row.version,
  clientId: row.client_id,
  need: row.need,
  urgency: row.urgency,
  serviceId: row.service_id,
  sendingOrganisationId: row.sending_organisation_id,
  sendingOrganisationName: row.sending_organisation_name,
  receivingOrganisationId: row.receiving_organisation_id,
  receivingOrganisationName: row.receiving_organisation_name,
  assigneeId: row.assignee_id,
  createdAt: row.created_at,
  listedAt: row.listed_at,
  sentAt: row.sent_at,
  receivedAt: row.received_at,
  dueAt: row.due_at,
  closedAt: row.closed_at,
});

/** Named queries over the referral tables; every method takes the caller's EntityManager (transaction). */
@Injectable()
export class ReferralRepository {
  findById(manager: EntityManager, id: string): Promise<ReferralEntity | null> {
    return manager.findOneBy(ReferralEntity, { id });
  }

  /** The row, locked until the transaction ends: every change goes through this. */
  lockById(manager: EntityManager, id: string): Promise<ReferralEntity | null> {
    return manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async insert(manager: EntityManager, referral: ReferralEntity): Promise<void> {
    await manager.insert(ReferralEntity, referral);
  }

  async save(manager: EntityManager, referral: ReferralEntity): Promise<void> {
    const { id, ...rest } = referral;
    await manager.update(ReferralEntity, { id }, rest);
  }

  async appendHistory(manager: EntityManager, entry: Omit<ReferralHistoryEntity, 'seq'>): Promise<void> {
    // The row is locked by the caller, so max(seq) + 1 cannot race.
    const [{ next }] = await manager.query<{ next: number }[]>(
      `SELECT coalesce(max("seq"), 0) + 1 AS next FROM ${this.table(manager, ReferralHistoryEntity)} WHERE "referral_id" = $1`,
      [entry.referralId],
    );
    await manager.insert(ReferralHistoryEntity, { ...entry, seq: next });
  }

  /** The first entry of a referral inserted in the same transaction (seq 1: nothing to count). */
  async insertFirstHistory(manager: EntityManager, entry: ReferralHistoryEntity): Promise<void> {
    await manager.insert(ReferralHistoryEntity, entry);
  }

  history(manager: EntityManager, referralId: string): Promise<ReferralHistoryEntity[]> {
    return manager.find(ReferralHistoryEntity, { where: { referralId }, order: { seq: 'ASC' } });
  }

  /**
   * An open referral the sending organisation made for the client to the same organisation and
   * service (none: any without a service). Only the sender's own: a duplicate check may run before
   * the client is known to be the sender's, and must never name another organisation's referral.
   */
  findOpenDuplicate(
    manager: EntityManager,
    sendingOrganisationId: string,
    clientId: string,
    receivingOrganisationId: string,
    serviceId: string | null,
  ): Promise<ReferralEntity | null> {
    return manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.sendingOrganisationId = :sendingOrganisationId', { sendingOrganisationId })
      .andWhere('r.clientId = :clientId', { clientId })
      .andWhere('r.receivingOrganisationId = :receivingOrganisationId', { receivingOrganisationId })
      .andWhere('r.serviceId IS NOT DISTINCT FROM :serviceId', { serviceId })
      .andWhere('r.status IN (:...open)', { open: OPEN_STATUSES })
      .orderBy('r.createdAt', 'DESC')
      .getOne();
  }

  /**
   * One page of a box, newest first, by keyset (listedAt, id); one row more than asked tells if
   * there is a next page. Plain SQL on the box indexes: without a status filter the partial index
   * of the box (its predicate repeated here); with one (or `overdue`, which means the statuses
   * awaiting an answer) one index range per status, each read only as far as the page, merged.
   */
  async list(manager: EntityManager, filter: ReferralListFilter): Promise<ReferralSummaryRow[]> {
    const incoming = filter.box === 'incoming';
    const params: unknown[] = [filter.organisationId];
    const param: Param = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`r."${incoming ? 'receiving' : 'sending'}_organisation_id" = $1`];
    if (incoming) {
      // Never sent (a draft, or one cancelled as a draft): not the receiver's.
      where.push(`r."sent_at" IS NOT NULL`);
    }
    const statuses = listedStatuses(filter, incoming);
    where.push(...overdueConditions(filter, param));
    if (statuses?.length === 0) {
      return [];
    }
    where.push(...filterConditions(filter, param));
    const limit = param(filter.limit + 1);
    const table = this.table(manager, ReferralEntity);
    const order = `ORDER BY r."listed_at" DESC, r."id" DESC LIMIT ${limit}`;
    let sql: string;
    if (statuses) {
      // (organisation, status, listed_at, id): each status's range is already in page order.
      sql = `SELECT ${SUMMARY_COLUMNS} FROM unnest(${param(statuses)}::text[]) AS s("status")
        CROSS JOIN LATERAL (SELECT ${SUMMARY_COLUMNS} FROM ${table} r
          WHERE ${where.join(' AND ')} AND r."status" = s."status" ${order}) AS r ${order}`;
    } else {
      const box = incoming
        ? `r."status" NOT IN ('draft', 'entered_in_error')`
        : `r."status" <> 'entered_in_error'`;
      sql = `SELECT ${SUMMARY_COLUMNS} FROM ${table} r WHERE ${where.join(' AND ')} AND ${box} ${order}`;
    }
    const rows = await manager.query<SummaryRecord[]>(sql, params);
    return rows.map(toSummaryRow);
  }

  /**
   * How many referrals of the box are in each status (the counters the triggers keep), and how many
   * are overdue (the awaiting-answer index of the box): one round trip, a few index entries.
   */
  async counts(
    manager: EntityManager,
    box: ReferralBox,
    organisationId: string,
    now: Date,
  ): Promise<{ byStatus: Record<string, number>; overdue: number }> {
    const column = box === 'incoming' ? 'receiving_organisation_id' : 'sending_organisation_id';
    const schema = manager.connection.getMetadata(ReferralEntity).schema ?? 'referrals';
    const rows = await manager.query<{ status: string; count: string }[]>(
      `SELECT "status", "count" FROM "${schema}"."referral_box_counts"
        WHERE "organisation_id" = $1 AND "box" = $2 AND "count" > 0 ${box === 'incoming' ? `AND "status" <> 'draft'` : ''}
       UNION ALL
       SELECT 'overdue', count(*) FROM ${this.table(manager, ReferralEntity)}
        WHERE "${column}" = $1 AND "status" IN ('requested', 'received') AND "due_at" < $3`,
      [organisationId, box, now],
    );
    const overdue = rows.find((row) => row.status === 'overdue');
    return {
      byStatus: Object.fromEntries(
        rows.filter((row) => row !== overdue).map((row) => [row.status, Number(row.count)]),
      ),
      overdue: Number(overdue?.count ?? 0),
    };
  }

  /**
   * Every referral resting on a consent, or of a client, locked (in id order, as every transaction
   * that locks several referrals does): for the consent follow-through.
   */
  lockResting(
    manager: EntityManager,
    by: { consentId: string } | { clientId: string },
  ): Promise<ReferralEntity[]> {
    const qb = manager.createQueryBuilder(ReferralEntity, 'r').setLock('pessimistic_write').orderBy('r.id');
    return 'consentId' in by
      ? qb.where('r.consentId = :consentId', { consentId: by.consentId }).getMany()
      : qb.where('r.clientId = :clientId', { clientId: by.clientId }).getMany();
  }

  /**
   * Locks, in key order and in one statement, the box counters that moving these referrals from
   * their status to any of `to` will change (creating missing ones at 0). A transaction that changes
   * several referrals one statement at a time (the batch jobs, the consent follow-through) calls it
   * first: the counter triggers (deferred: they run at its commit) then find every row already held,
   * so such a transaction never holds one counter while waiting for another, and cannot deadlock with
   * a user's change (one referral: its counters changed at its commit, one statement per counted
   * change of the row, each in the same key order) or with another batch.
   */
  async lockCounters(
    manager: EntityManager,
    referrals: ReferralEntity[],
    to: ReferralStatus[],
  ): Promise<void> {
    const keys = new Map<string, [string, string, string]>();
    for (const referral of referrals) {
      for (const status of [referral.status, ...to]) {
        for (const [organisationId, box] of [
          [referral.sentAt ? referral.receivingOrganisationId : null, 'incoming'],
          [referral.sendingOrganisationId, 'outgoing'],
        ] as const) {
          if (organisationId) {
            keys.set(`${organisationId}|${box}|${status}`, [organisationId, box, status]);
          }
        }
      }
    }
    if (keys.size === 0) {
      return;
    }
    const schema = manager.connection.getMetadata(ReferralEntity).schema ?? 'referrals';
    const rows = [...keys.values()];
    await manager.query(
      `INSERT INTO "${schema}"."referral_box_counts" AS c ("organisation_id", "box", "status", "count")
       SELECT k."organisation_id", k."box", k."status", 0
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k("organisation_id", "box", "status")
        ORDER BY k."organisation_id", k."box", k."status"
       ON CONFLICT ("organisation_id", "box", "status") DO UPDATE SET "count" = c."count"`,
      [rows.map((row) => row[0]), rows.map((row) => row[1]), rows.map((row) => row[2])],
    );
  }

  /**
   * Referrals past their due date that have not yet been flagged, claimed with SKIP LOCKED so that
   * replicas running the same job never take the same row.
   */
  async claimNewlyOverdue(manager: EntityManager, now: Date, limit: number): Promise<OverdueReferral[]> {
    const rows = await manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.status IN (:...awaiting)', { awaiting: AWAITING_ANSWER })
      .andWhere('r.dueAt <= :now', { now })
      .andWhere('r.overdueNotifiedAt IS NULL')
      .orderBy('r.dueAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    // The query already asks for a due date; the guard lets the type say so.
    return rows.filter((referral): referral is OverdueReferral => referral.dueAt !== null);
  }

  claimExpired(manager: EntityManager, now: Date, limit: number): Promise<ReferralEntity[]> {
    return manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.status IN (:...awaiting)', { awaiting: AWAITING_ANSWER })
      .andWhere('r.expiresAt <= :now', { now })
      .orderBy('r.expiresAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async insertMessage(manager: EntityManager, message: ReferralMessageEntity): Promise<void> {
    await manager.insert(ReferralMessageEntity, message);
  }

  messages(
    manager: EntityManager,
    referralId: string,
    after: { createdAt: Date; id: string } | undefined,
    limit: number,
  ): Promise<ReferralMessageEntity[]> {
    const qb = manager
      .createQueryBuilder(ReferralMessageEntity, 'm')
      .where('m.referralId = :referralId', { referralId });
    if (after) {
      qb.andWhere('(m.createdAt, m.id) > (:afterAt, :afterId)', {
        afterAt: after.createdAt,
        afterId: after.id,
      });
    }
    return qb
      .orderBy('m.createdAt', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  async redactMessages(manager: EntityManager, referralId: string, redactedBody: string): Promise<void> {
    await manager.update(ReferralMessageEntity, { referralId }, { bodyEncrypted: redactedBody });
  }

  /** Erasure: the history keeps who, when and the codes; its free texts (ciphertexts included) go. */
  async eraseHistoryTexts(manager: EntityManager, referralId: string): Promise<void> {
    await manager.update(
      ReferralHistoryEntity,
      { referralId },
      { reasonTextEncrypted: null, noteEncrypted: null },
    );
  }

  private table(
    manager: EntityManager,
    entity: typeof ReferralEntity | typeof ReferralHistoryEntity,
  ): string {
    const metadata = manager.connection.getMetadata(entity);
    return `"${metadata.schema ?? 'referrals'}"."${metadata.tableName}"`;
  }
}
