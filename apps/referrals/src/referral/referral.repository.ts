import { Injectable } from '@nestjs/common';
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { ReferralBox, ReferralStatus } from '#contracts';
import { ReferralEntity, ReferralHistoryEntity, ReferralMessageEntity } from './referral.entity.js';
import { AWAITING_ANSWER, OPEN_STATUSES } from './referral-state-machine.js';

export interface ReferralListFilter {
  box: ReferralBox;
  organisationId: string;
  statuses?: ReferralStatus[];
  overdue?: boolean;
  need?: string;
  serviceId?: string;
  /** A user id, or null for unassigned ones. */
  assigneeId?: string | null;
  from?: Date;
  to?: Date;
  after?: { listedAt: Date; id: string };
  limit: number;
  now: Date;
}

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

  history(manager: EntityManager, referralId: string): Promise<ReferralHistoryEntity[]> {
    return manager.find(ReferralHistoryEntity, { where: { referralId }, order: { seq: 'ASC' } });
  }

  /** An open referral of the client to the same organisation and service (none: any without a service). */
  findOpenDuplicate(
    manager: EntityManager,
    clientId: string,
    receivingOrganisationId: string,
    serviceId: string | null,
  ): Promise<ReferralEntity | null> {
    return manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.clientId = :clientId', { clientId })
      .andWhere('r.receivingOrganisationId = :receivingOrganisationId', { receivingOrganisationId })
      .andWhere('r.serviceId IS NOT DISTINCT FROM :serviceId', { serviceId })
      .andWhere('r.status IN (:...open)', { open: OPEN_STATUSES })
      .orderBy('r.createdAt', 'DESC')
      .getOne();
  }

  /** One page of a box, newest first, by keyset (listedAt, id); one row more than asked tells if there is a next page. */
  list(manager: EntityManager, filter: ReferralListFilter): Promise<ReferralEntity[]> {
    const qb = this.boxQuery(manager, filter.box, filter.organisationId, filter.statuses);
    if (filter.overdue !== undefined) {
      const overdue = new Brackets((where) =>
        where.where('r.status IN (:...awaiting)', { awaiting: AWAITING_ANSWER }).andWhere('r.dueAt < :now', {
          now: filter.now,
        }),
      );
      if (filter.overdue) {
        qb.andWhere(overdue);
      } else {
        qb.andWhere(
          new Brackets((where) =>
            where.where('NOT (r.status IN (:...awaiting) AND coalesce(r.dueAt < :now, false))'),
          ),
        )
          .setParameter('awaiting', AWAITING_ANSWER)
          .setParameter('now', filter.now);
      }
    }
    if (filter.need) {
      qb.andWhere('r.need = :need', { need: filter.need });
    }
    if (filter.serviceId) {
      qb.andWhere('r.serviceId = :serviceId', { serviceId: filter.serviceId });
    }
    if (filter.assigneeId === null) {
      qb.andWhere('r.assigneeId IS NULL');
    } else if (filter.assigneeId !== undefined) {
      qb.andWhere('r.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    }
    if (filter.from) {
      qb.andWhere('r.listedAt >= :from', { from: filter.from });
    }
    if (filter.to) {
      qb.andWhere('r.listedAt < :to', { to: filter.to });
    }
    if (filter.after) {
      qb.andWhere('(r.listedAt, r.id) < (:afterAt, :afterId)', {
        afterAt: filter.after.listedAt,
        afterId: filter.after.id,
      });
    }
    return qb
      .orderBy('r.listedAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }

  /** How many referrals of the box are in each status, and how many are overdue. */
  async counts(
    manager: EntityManager,
    box: ReferralBox,
    organisationId: string,
    now: Date,
  ): Promise<{ byStatus: Record<string, number>; overdue: number }> {
    const column = box === 'incoming' ? 'receiving_organisation_id' : 'sending_organisation_id';
    const table = this.table(manager, ReferralEntity);
    const rows = await manager.query<{ status: string; count: string }[]>(
      `SELECT "status", count(*) AS count FROM ${table}
        WHERE "${column}" = $1 ${box === 'incoming' ? `AND "status" <> 'draft'` : ''}
        GROUP BY "status"`,
      [organisationId],
    );
    const [{ overdue }] = await manager.query<{ overdue: string }[]>(
      `SELECT count(*) AS overdue FROM ${table}
        WHERE "${column}" = $1 AND "status" IN ('requested', 'received') AND "due_at" < $2`,
      [organisationId, now],
    );
    return {
      byStatus: Object.fromEntries(rows.map((row) => [row.status, Number(row.count)])),
      overdue: Number(overdue),
    };
  }

  /** Every referral resting on a consent, or of a client, locked: for the consent follow-through. */
  lockResting(
    manager: EntityManager,
    by: { consentId: string } | { clientId: string },
  ): Promise<ReferralEntity[]> {
    const qb = manager
      .createQueryBuilder(ReferralEntity, 'r')
      .setLock('pessimistic_write')
      .orderBy('r.createdAt');
    return 'consentId' in by
      ? qb.where('r.consentId = :consentId', { consentId: by.consentId }).getMany()
      : qb.where('r.clientId = :clientId', { clientId: by.clientId }).getMany();
  }

  /**
   * Referrals past their due date that have not yet been flagged, claimed with SKIP LOCKED so that
   * replicas running the same job never take the same row.
   */
  claimNewlyOverdue(manager: EntityManager, now: Date, limit: number): Promise<ReferralEntity[]> {
    return manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.status IN (:...awaiting)', { awaiting: AWAITING_ANSWER })
      .andWhere('r.dueAt <= :now', { now })
      .andWhere('r.overdueNotifiedAt IS NULL')
      .orderBy('r.dueAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
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

  private boxQuery(
    manager: EntityManager,
    box: ReferralBox,
    organisationId: string,
    statuses: ReferralStatus[] | undefined,
  ): SelectQueryBuilder<ReferralEntity> {
    const qb = manager.createQueryBuilder(ReferralEntity, 'r');
    if (box === 'incoming') {
      qb.where('r.receivingOrganisationId = :organisationId', { organisationId });
      // The same predicates as the partial indexes, so the planner can use them.
      if (statuses?.length) {
        qb.andWhere('r.status IN (:...statuses)', { statuses }).andWhere(`r.status <> 'draft'`);
      } else {
        qb.andWhere(`r.status NOT IN ('draft', 'entered_in_error')`);
      }
    } else {
      qb.where('r.sendingOrganisationId = :organisationId', { organisationId });
      if (statuses?.length) {
        qb.andWhere('r.status IN (:...statuses)', { statuses });
      } else {
        qb.andWhere(`r.status <> 'entered_in_error'`);
      }
    }
    return qb;
  }

  private table(
    manager: EntityManager,
    entity: typeof ReferralEntity | typeof ReferralHistoryEntity,
  ): string {
    const metadata = manager.connection.getMetadata(entity);
    return `"${metadata.schema ?? 'referrals'}"."${metadata.tableName}"`;
  }
}
