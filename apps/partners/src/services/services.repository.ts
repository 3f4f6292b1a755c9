import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ServiceEntity } from './service.entity.js';

/** Named queries over the services of organisations; removed services are invisible here. */
@Injectable()
export class ServicesRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  findOrganisation(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OrganisationEntity | null> {
    return manager.findOne(OrganisationEntity, { where: { id } });
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceEntity | null> {
    return manager.findOne(ServiceEntity, { where: { id, deletedAt: IsNull() } });
  }

  /** Locks the row for the rest of the transaction, so concurrent edits queue up instead of losing one. */
  findByIdForUpdate(manager: EntityManager, id: string): Promise<ServiceEntity | null> {
    return manager
      .createQueryBuilder(ServiceEntity, 's')
      .where('s.id = :id AND s.deleted_at IS NULL', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** A page of one organisation's services by (name_fi, id). */
  listForOrganisation(
    organisationId: string,
    after: [string, string] | null,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceEntity[]> {
    const builder = manager
      .createQueryBuilder(ServiceEntity, 's')
      .where('s.organisation_id = :organisationId AND s.deleted_at IS NULL', { organisationId });
    if (after) {
      builder.andWhere('(s.name_fi, s.id) > (:afterName, :afterId)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    return builder.orderBy('s.name_fi', 'ASC').addOrderBy('s.id', 'ASC').limit(limit).getMany();
  }

  async insert(manager: EntityManager, columns: Partial<ServiceEntity>): Promise<ServiceEntity> {
    const result = await manager.insert(ServiceEntity, columns);
    const id = (result.identifiers[0] as { id: string }).id;
    return manager.findOneOrFail(ServiceEntity, { where: { id } });
  }

  async update(manager: EntityManager, id: string, columns: Partial<ServiceEntity>): Promise<ServiceEntity> {
    await manager.update(ServiceEntity, { id }, { ...columns, updatedAt: () => 'now()' });
    return manager.findOneOrFail(ServiceEntity, { where: { id } });
  }

  async softDelete(manager: EntityManager, id: string): Promise<void> {
    await manager.update(ServiceEntity, { id }, { deletedAt: () => 'now()', updatedAt: () => 'now()' });
  }
}
