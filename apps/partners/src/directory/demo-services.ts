// The demo network's service directory (api.md "Demo realm and logins"), in three languages.
// Development/demo only: contact details are fictitious (.example domains, 555 numbers).
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { PARTNERS_CONFIG, type PartnersConfig } from '../config.js';
import { DemoDataLoader } from '../demo/demo-data.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { toServiceColumns } from '../services/service.mapper.js';
import type { DemoService } from './demo-service-common.js';
import { PARTNER_DEMO_SERVICES } from './demo-services-partners.js';
import { PUBLIC_DEMO_SERVICES } from './demo-services-public.js';

export {
  DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
  DEMO_SERVICE_KELA_BENEFITS,
  DEMO_SERVICE_MONI_GUIDANCE,
  DEMO_SERVICE_RED_CROSS_FRIEND,
  DEMO_SERVICE_SEDU_FINNISH,
  type DemoService,
} from './demo-service-common.js';

export const DEMO_SERVICES: readonly DemoService[] = [...PUBLIC_DEMO_SERVICES, ...PARTNER_DEMO_SERVICES];

/**
 * Inserts the demo services whose organisation exists; services already there (by id) are left
 * alone, so running it again changes nothing. Returns how many it created.
 */
export async function seedDemoServices(manager: EntityManager): Promise<number> {
  const organisations = await manager.find(OrganisationEntity, {
    where: { id: In([...new Set(DEMO_SERVICES.map((service) => service.organisationId))]) },
    select: { id: true },
  });
  const present = new Set(organisations.map((organisation) => organisation.id));
  const rows = DEMO_SERVICES.filter((service) => present.has(service.organisationId)).map((service) => ({
    id: service.id,
    organisationId: service.organisationId,
    ...toServiceColumns(service),
  }));
  if (rows.length === 0) {
    return 0;
  }
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(ServiceEntity)
    .values(rows)
    .orIgnore()
    .returning(['id'])
    .execute();
  return (result.raw as unknown[]).length;
}

/** Loads the demo services at start (DEMO_DATA=true), after the demo organisations. */
@Injectable()
export class DemoServicesLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoServicesLoader.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PARTNERS_CONFIG) private readonly config: PartnersConfig,
    private readonly organisations: DemoDataLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) {
      return;
    }
    await this.organisations.ensureLoaded();
    const created = await this.dataSource.transaction((manager) => seedDemoServices(manager));
    this.logger.log({ created }, 'demo services loaded');
  }
}
