import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';

/** The referrals service. Its features arrive with their issues; it already boots with health. */
@Module({})
export class ReferralsAppModule {
  static forRoot(config: CommonConfig): DynamicModule {
    return {
      module: ReferralsAppModule,
      imports: [
        ServiceCoreModule.forRoot({ serviceName: 'referrals', config, entities: [], migrations: [] }),
      ],
    };
  }
}
