import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';
import { STATISTICS_CONFIG, loadStatisticsConfig } from './config.js';
import { StatisticsReadModel1765100000000 } from './migrations/1765100000000-StatisticsReadModel.js';
import { peersProvider } from './peers.js';
import { StatisticsEventConsumers } from './read-model/event-consumers.js';
import { ReadModelWriter } from './read-model/read-model.writer.js';
import { RebuildService } from './read-model/rebuild.service.js';
import { OrganisationNames } from './reports/organisation-names.js';
import { ReportsService } from './reports/reports.service.js';
import { StatisticsController } from './statistics.controller.js';

/**
 * The statistics service: a read model of the domain events (ids, codes and bands only) and the
 * anonymised reports over it, small counts suppressed.
 */
@Module({})
export class StatisticsAppModule {
  static forRoot(config: CommonConfig, env: Record<string, string | undefined> = process.env): DynamicModule {
    const statisticsConfig = loadStatisticsConfig(env);
    return {
      module: StatisticsAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'statistics',
          config,
          entities: [],
          migrations: [StatisticsReadModel1765100000000],
        }),
      ],
      controllers: [StatisticsController],
      providers: [
        { provide: STATISTICS_CONFIG, useValue: statisticsConfig },
        peersProvider(config),
        ReadModelWriter,
        StatisticsEventConsumers,
        RebuildService,
        OrganisationNames,
        ReportsService,
      ],
    };
  }
}
