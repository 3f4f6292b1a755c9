import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { NeedCategory } from '#contracts';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ServiceEntity } from '../services/service.entity.js';

export interface DirectoryQuery {
  need?: NeedCategory;
  language?: string;
  /** Words that must each occur in a name or description (any language). */
  words: string[];
  after: [string, string] | null;
  limit: number;
}

export interface DirectoryHit {
  service: ServiceEntity;
  organisation: OrganisationEntity;
}

const escapeLike = (word: string): string => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The directory: services of organisations that are active and receive referrals. */
@Injectable()
export class DirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private listed(): SelectQueryBuilder<ServiceEntity> {
    return this.dataSource.manager
      .createQueryBuilder(ServiceEntity, 's')
      .innerJoin(OrganisationEntity, 'o', 'o.id = s.organisation_id')
      .where('s.deleted_at IS NULL')
      .andWhere(`o.status = 'active'`)
      .andWhere('o.can_receive');
  }

  async search(query: DirectoryQuery): Promise<DirectoryHit[]> {
    const builder = this.listed();
    if (query.need) {
      builder.andWhere('s.needs @> ARRAY[:need]::text[]', { need: query.need });
    }
    if (query.language) {
      builder.andWhere('s.languages @> ARRAY[:language]::text[]', { language: query.language });
    }
    // Each word anywhere in the names and descriptions (the trigram index answers ILIKE '%…%').
    query.words.forEach((word, index) => {
      builder.andWhere(`s.search_text ILIKE :word${index}`, { [`word${index}`]: `%${escapeLike(word)}%` });
    });
    if (query.after) {
      builder.andWhere('(s.name_fi, s.id) > (:afterName, :afterId)', {
        afterName: query.after[0],
        afterId: query.after[1],
      });
    }
    const entities = await builder
      .orderBy('s.name_fi', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(query.limit)
      .getMany();
    const organisations = await this.organisationsById(entities.map((service) => service.organisationId));
    return entities.flatMap((service) => {
      const organisation = organisations.get(service.organisationId);
      return organisation ? [{ service, organisation }] : [];
    });
  }

  /** Every listed organisation (with or without services) and every listed service, for the export. */
  async everything(): Promise<{ organisations: OrganisationEntity[]; services: ServiceEntity[] }> {
    const organisations = await this.dataSource.manager
      .createQueryBuilder(OrganisationEntity, 'o')
      .where(`o.status = 'active'`)
      .andWhere('o.can_receive')
      .orderBy('o.name_fi', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    const services = await this.listed().orderBy('s.name_fi', 'ASC').addOrderBy('s.id', 'ASC').getMany();
    return { organisations, services };
  }

  private async organisationsById(ids: string[]): Promise<Map<string, OrganisationEntity>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows = await this.dataSource.manager
      .createQueryBuilder(OrganisationEntity, 'o')
      .where('o.id IN (:...ids)', { ids: unique })
      .getMany();
    return new Map(rows.map((row) => [row.id, row]));
  }
}
