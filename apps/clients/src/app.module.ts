import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';

/** The clients service. Its features arrive with their issues; it already boots with health. */
@Module({})
export class ClientsAppModule {
  static forRoot(config: CommonConfig): DynamicModule {
    return {
      module: ClientsAppModule,
      imports: [ServiceCoreModule.forRoot({ serviceName: 'clients', config, entities: [], migrations: [] })],
    };
  }
}
