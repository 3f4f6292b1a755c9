import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';

/** The notifications service. Its features arrive with their issues; it already boots with health. */
@Module({})
export class NotificationsAppModule {
  static forRoot(config: CommonConfig): DynamicModule {
    return {
      module: NotificationsAppModule,
      imports: [
        ServiceCoreModule.forRoot({ serviceName: 'notifications', config, entities: [], migrations: [] }),
      ],
    };
  }
}
