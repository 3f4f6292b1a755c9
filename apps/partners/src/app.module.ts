import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';

/** The partners service. Its features arrive with their issues; it already boots with health. */
@Module({})
export class PartnersAppModule {
  static forRoot(config: CommonConfig): DynamicModule {
    return {
      module: PartnersAppModule,
      imports: [ServiceCoreModule.forRoot({ serviceName: 'partners', config, entities: [], migrations: [] })],
    };
  }
}
