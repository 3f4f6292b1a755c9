import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, In, type DataSource, type EntityManager } from 'typeorm';
import { likePattern, type ClientQuery } from './client-query.js';
import { ClientEntity } from './client.entity.js';

export interface DuplicateCandidate {
  client: ClientEntity;
  matchedOn: 'personal_identity_code' | 'name_and_date_of_birth';
}

/** Named queries over the clients table; pass the transaction's manager where one is open. */
@Injectable()
export class ClientRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ClientEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<ClientEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** Several clients in one query (no order; unknown ids are left out). */
  findByIds(ids: string[]): Promise<ClientEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo().findBy({ id: In(ids) });
  }

  /** Every client (erased ones too: their statistical fields stay) after `after`, in id order. */
  idsAfter(after: string | null, limit: number): Promise<ClientEntity[]> {
    const query = this.repo().createQueryBuilder('client').orderBy('client.id', 'ASC').take(limit);
    return after ? query.where('client.id > :after', { after }).getMany() : query.getMany();
  }

  /** The row locked until the transaction ends: changes to one client are serialised. */
  lockById(manager: EntityManager, id: string): Promise<ClientEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(manager: EntityManager, client: ClientEntity): Promise<ClientEntity> {
    return this.repo(manager).save(client);
  }

  /** A live client of the organisation with the same identity code, or the same name and date of birth. */
  async findDuplicate(
    manager: EntityManager,
    organisationId: string,
    candidate: {
      identityCodeHash: string | null;
      firstName: string;
      lastName: string;
      dateOfBirth: string | null;
    },
  ): Promise<DuplicateCandidate | null> {
    if (candidate.identityCodeHash !== null) {
      const byCode = await this.repo(manager).findOneBy({
        organisationId,
        personalIdentityCodeHash: candidate.identityCodeHash,
      });
      if (byCode) {
        return { client: byCode, matchedOn: 'personal_identity_code' };
      }
    }
    if (candidate.dateOfBirth === null) {
      return null;
    }
    const byName = await this.repo(manager)
      .createQueryBuilder('c')
      .where('c.organisation_id = :organisationId', { organisationId })
      .andWhere('c.erased_at IS NULL')
      .andWhere('c.date_of_birth = :dateOfBirth', { dateOfBirth: candidate.dateOfBirth })
      .andWhere('lower(c.first_name) = lower(:firstName)', { firstName: candidate.firstName.trim() })
      .andWhere('lower(c.last_name) = lower(:lastName)', { lastName: candidate.lastName.trim() })
      .orderBy('c.created_at', 'ASC')
      .getOne();
    return byName ? { client: byName, matchedOn: 'name_and_date_of_birth' } : null;
  }

  /** The organisation's live clients by name, then id (keyset pagination); one more than `limit` tells of a next page. */
  search(
    organisationId: string,
    query: ClientQuery & { identityCodeHash?: string },
    afterId: string | null,
    limit: number,
  ): Promise<ClientEntity[]> {
    const builder = this.repo()
      .createQueryBuilder('c')
      .where('c.organisation_id = :organisationId', { organisationId })
      .andWhere('c.erased_at IS NULL');
    switch (query.kind) {
      case 'identity_code':
        builder.andWhere('c.personal_identity_code_hash = :hash', { hash: query.identityCodeHash });
        break;
      case 'date_of_birth':
        builder.andWhere('c.date_of_birth = :date', { date: query.date });
        break;
      case 'name':
        query.terms.forEach((term, index) => {
          builder.andWhere(
            new Brackets((or) =>
              or
                .where(`lower(c.first_name) LIKE :term${index}`, { [`term${index}`]: likePattern(term) })
                .orWhere(`lower(c.last_name) LIKE :term${index}`),
            ),
          );
        });
        break;
      case 'all':
        break;
    }
    if (afterId) {
      // The cursor is the last id only: names never travel in URLs. The row it names is looked up
      // in the caller's organisation only, so a foreign id can never be compared against.
      builder.andWhere(
        `(lower(c.last_name), lower(c.first_name), c.id) >
          (SELECT lower(a.last_name), lower(a.first_name), a.id FROM "clients"."clients" a
            WHERE a.id = :afterId AND a.organisation_id = :organisationId)`,
        { afterId },
      );
    }
    return builder
      .orderBy('lower(c.last_name)', 'ASC')
      .addOrderBy('lower(c.first_name)', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  /** Clients past the retention period with no consent in force, claimed so that replicas share the work. */
  async claimInactive(manager: EntityManager, retentionDays: number, limit: number): Promise<ClientEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('c')
      .where('c.erased_at IS NULL')
      .andWhere(`c.last_activity_at < now() - make_interval(days => :days)`, { days: retentionDays })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM "clients"."consents" k
          WHERE k.client_id = c.id AND k.status = 'active' AND k.valid_until > now())`,
      )
      .orderBy('c.last_activity_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}
