import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import type { OrganisationStatus } from '#contracts';
import { OrganisationEntity, UnitEntity } from './organisation.entity.js';

export interface OrganisationListQuery {
  status?: OrganisationStatus;
  q?: string;
  /** The (name_fi, id) of the last item seen. */
  after: [string, string] | null;
  limit: number;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) {
    return false;
  }
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/** Named queries over organisations and their units. */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<OrganisationEntity | null> {
    return manager.findOne(OrganisationEntity, { where: { id } });
  }

  /** Locks the row for the rest of the transaction, so concurrent changes queue up. */
  findByIdForUpdate(manager: EntityManager, id: string): Promise<OrganisationEntity | null> {
    return manager
      .createQueryBuilder(OrganisationEntity, 'o')
      .where('o.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  findByIds(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<OrganisationEntity[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : manager.find(OrganisationEntity, { where: { id: In(ids) } });
  }

  async businessIdTaken(manager: EntityManager, businessId: string, exceptId?: string): Promise<boolean> {
    const found = await manager.findOne(OrganisationEntity, { where: { businessId }, select: { id: true } });
    return found !== null && found.id !== exceptId;
  }

  async list(
    query: OrganisationListQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OrganisationEntity[]> {
    const builder = manager.createQueryBuilder(OrganisationEntity, 'o');
    if (query.status) {
      builder.andWhere('o.status = :status', { status: query.status });
    }
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere(
        new Brackets((or) =>
          or
            .where('o.name_fi ILIKE :pattern', { pattern })
            .orWhere('o.name_sv ILIKE :pattern', { pattern })
            .orWhere('o.name_en ILIKE :pattern', { pattern })
            .orWhere('o.business_id = :exact', { exact: query.q }),
        ),
      );
    }
    if (query.after) {
      builder.andWhere('(o.name_fi, o.id) > (:afterName, :afterId)', {
        afterName: query.after[0],
        afterId: query.after[1],
      });
    }
    return builder.orderBy('o.name_fi', 'ASC').addOrderBy('o.id', 'ASC').limit(query.limit).getMany();
  }

  unitsOf(
    organisationIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UnitEntity[]> {
    if (organisationIds.length === 0) {
      return Promise.resolve([]);
    }
    return manager.find(UnitEntity, {
      where: { organisationId: In(organisationIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
