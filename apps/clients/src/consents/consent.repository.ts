import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ConsentEntity } from './consent.entity.js';

/** An active consent with its end date (an active consent always has one). */
export type ExpiringConsentEntity = ConsentEntity & { validUntil: Date };

@Injectable()
export class ConsentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ConsentEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<ConsentEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  lockById(manager: EntityManager, id: string): Promise<ConsentEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  listForClient(clientId: string, manager?: EntityManager): Promise<ConsentEntity[]> {
    return this.repo(manager).find({ where: { clientId }, order: { givenAt: 'DESC', id: 'DESC' } });
  }

  /**
   * The client's active consents, share-locked: a withdrawal (which locks the row for update)
   * waits until a disclosure resting on the consent has committed, and vice versa.
   */
  activeForClientLocked(manager: EntityManager, clientId: string): Promise<ConsentEntity[]> {
    return this.repo(manager).find({
      where: { clientId, status: 'active' },
      lock: { mode: 'pessimistic_read' },
    });
  }

  activeForClientForUpdate(manager: EntityManager, clientId: string): Promise<ConsentEntity[]> {
    return this.repo(manager).find({
      where: { clientId, status: 'active' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  save(manager: EntityManager, consent: ConsentEntity): Promise<ConsentEntity> {
    return this.repo(manager).save(consent);
  }

  /**
   * Marks a batch of consents past their end as expired and returns them. Rows are claimed with
   * SKIP LOCKED, so replicas running the job at once share the work and never expire one twice.
   */
  async expireDue(manager: EntityManager, limit: number): Promise<ConsentEntity[]> {
    const rows = await manager.query<{ id: string }[]>(
      `UPDATE "clients"."consents" SET "status" = 'expired', "expired_at" = now()
        WHERE "id" IN (
          SELECT "id" FROM "clients"."consents"
           WHERE "status" = 'active' AND "valid_until" <= now()
           ORDER BY "valid_until" LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING "id"`,
      [limit],
    );
    const ids = (Array.isArray(rows[0]) ? (rows[0] as { id: string }[]) : rows).map((row) => row.id);
    return ids.length === 0 ? [] : this.repo(manager).find({ where: ids.map((id) => ({ id })) });
  }

  /** Active consents of the organisation's clients that end within the window, soonest first. */
  async expiringForOrganisation(organisationId: string, until: Date): Promise<ExpiringConsentEntity[]> {
    const rows = await this.repo()
      .createQueryBuilder('k')
      .where('k.organisation_id = :organisationId', { organisationId })
      .andWhere(`k.status = 'active'`)
      .andWhere('k.valid_until > now()')
      .andWhere('k.valid_until <= :until', { until })
      .orderBy('k.valid_until', 'ASC')
      .limit(200)
      .getMany();
    // The query already asks for an end date; the guard lets the type say so.
    return rows.filter((consent): consent is ExpiringConsentEntity => consent.validUntil !== null);
  }
}
