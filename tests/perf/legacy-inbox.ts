// The inbox and outbox queries as they were before the plain-SQL rewrite (TypeORM query builder,
// whole entities, counts by GROUP BY over the organisation's rows), kept only so that the benchmark
// measures them against the current ones in the same run, on the same data and the same noise.
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { ReferralBox, ReferralStatus } from '#contracts';
import { ReferralEntity } from '../../apps/referrals/src/referral/referral.entity.js';
import type { ReferralListFilter } from '../../apps/referrals/src/referral/referral.repository.js';
import { AWAITING_ANSWER } from '../../apps/referrals/src/referral/referral-state-machine.js';

export function legacyList(manager: EntityManager, filter: ReferralListFilter): Promise<ReferralEntity[]> {
  const qb = boxQuery(manager, filter.box, filter.organisationId, filter.statuses);
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

export async function legacyCounts(
  manager: EntityManager,
  box: ReferralBox,
  organisationId: string,
  now: Date,
): Promise<{ byStatus: Record<string, number>; overdue: number }> {
  const column = box === 'incoming' ? 'receiving_organisation_id' : 'sending_organisation_id';
  const rows = await manager.query<{ status: string; count: string }[]>(
    `SELECT "status", count(*) AS count FROM "referrals"."referrals"
      WHERE "${column}" = $1 ${box === 'incoming' ? `AND "status" <> 'draft'` : ''}
      GROUP BY "status"`,
    [organisationId],
  );
  const [{ overdue }] = await manager.query<{ overdue: string }[]>(
    `SELECT count(*) AS overdue FROM "referrals"."referrals"
      WHERE "${column}" = $1 AND "status" IN ('requested', 'received') AND "due_at" < $2`,
    [organisationId, now],
  );
  return {
    byStatus: Object.fromEntries(rows.map((row) => [row.status, Number(row.count)])),
    overdue: Number(overdue),
  };
}

function boxQuery(
  manager: EntityManager,
  box: ReferralBox,
  organisationId: string,
  statuses: ReferralStatus[] | undefined,
): SelectQueryBuilder<ReferralEntity> {
  const qb = manager.createQueryBuilder(ReferralEntity, 'r');
  if (box === 'incoming') {
    qb.where('r.receivingOrganisationId = :organisationId', { organisationId });
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
