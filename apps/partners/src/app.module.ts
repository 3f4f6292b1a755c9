import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';
import { loadPartnersConfig, PARTNERS_CONFIG } from './config.js';
import { DemoModule } from './demo/demo.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { InvitationEntity, MembershipEntity } from './members/membership.entity.js';
import { MembersModule } from './members/members.module.js';
import { OrganisationRecipientsModule } from './members/recipients.controller.js';
import { Organisations1764400000000 } from './migrations/1764400000000-Organisations.js';
import { Services1764500000000 } from './migrations/1764500000000-Services.js';
import { Languages1764700000000 } from './migrations/1764700000000-Languages.js';
import { MemberNames1764850000000 } from './migrations/1764850000000-MemberNames.js';
import { MemberKinds1765000000000 } from './migrations/1765000000000-MemberKinds.js';
import { OrganisationEntity, UnitEntity } from './organisations/organisation.entity.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { ServiceEntity } from './services/service.entity.js';
import { ServicesModule } from './services/services.module.js';

type Env = Record<string, string | undefined>;

/** The partners service: organisations, units, memberships and invitations (and the service directory). */
@Module({})
export class PartnersAppModule {
  static forRoot(config: CommonConfig, env: Env = process.env): DynamicModule {
    return {
      module: PartnersAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'partners',
          config,
          entities: [OrganisationEntity, UnitEntity, MembershipEntity, InvitationEntity, ServiceEntity],
          migrations: [
            Organisations1764400000000,
            Services1764500000000,
            Languages1764700000000,
            MemberNames1764850000000,
            MemberKinds1765000000000,
          ],
        }),
        PartnersConfigModule.forRoot(env),
        DemoModule,
        OrganisationsModule,
        MembersModule,
        ServicesModule,
        DirectoryModule,
        OrganisationRecipientsModule,
      ],
    };
  }
}

/** The service's own settings, for every feature module. */
@Module({})
export class PartnersConfigModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: PartnersConfigModule,
      global: true,
      providers: [{ provide: PARTNERS_CONFIG, useValue: loadPartnersConfig(env) }],
      exports: [PARTNERS_CONFIG],
    };
  }
}
