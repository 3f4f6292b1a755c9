import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';

/** The audit service. Its features arrive with their issues; it already boots with health. */
@Module({})
export class AuditAppModule {
  static forRoot(config: CommonConfig): DynamicModule {
    return {
      module: AuditAppModule,
      imports: [ServiceCoreModule.forRoot({ serviceName: 'audit', config, entities: [], migrations: [] })],
    };
  }
}
