import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard, AuthModule } from '#auth';
import type { GatewayConfig } from '#config';
import { loggingModule, MetricsService } from '#observability';
import { connectNats, NATS_CONNECTION, NatsConnectionCloser } from '#service-core';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { HealthController } from './health/health.controller.js';
import { ActorGuard } from './http/actor.guard.js';
import { MetricsInterceptor } from './http/metrics.interceptor.js';
import { GatewayServiceClient, serviceClientProvider } from './http/service-client.provider.js';
import { MeController } from './me/me.controller.js';
import { AuditGatewayModule } from './audit/audit.gateway.module.js';
import { ClientsGatewayModule } from './clients/clients.gateway.module.js';
import { NotificationsGatewayModule } from './notifications/notifications.gateway.module.js';
import { PartnersGatewayModule } from './partners/partners.gateway.module.js';
import { ReferralsGatewayModule } from './referrals/referrals.gateway.module.js';
import { StatisticsGatewayModule } from './statistics/statistics.gateway.module.js';
import { PortalModule } from './portal/portal.module.js';
import { SessionGuard } from './portal/session.guard.js';
import { StreamModule } from './stream/stream.module.js';
import { LimitsModule } from './limits/limits.module.js';
import { UserRateLimitGuard } from './limits/user-rate-limit.guard.js';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** The only HTTP entry: authenticates, validates, calls the services over NATS, maps errors. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      // Global, so that the feature modules reach the service client, config and metrics.
      global: true,
      exports: [GATEWAY_CONFIG, GatewayServiceClient, NATS_CONNECTION, MetricsService],
      imports: [
        loggingModule('gateway', config.logLevel, config.logFile),
        AuthModule.forRoot(config.identity),
        LimitsModule.forRoot(config),
        PartnersGatewayModule,
        ClientsGatewayModule,
        ReferralsGatewayModule,
        NotificationsGatewayModule,
        AuditGatewayModule,
        StatisticsGatewayModule,
        StreamModule.forRoot(config),
        PortalModule.forRoot(config),
      ],
      controllers: [HealthController, MeController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useFactory: () => connectNats(config, 'moni-gateway') },
        NatsConnectionCloser,
        serviceClientProvider(config),
        MetricsService,
        // First: a request on the portal's session cookie gets its bearer token (and CSRF check).
        { provide: APP_GUARD, useExisting: SessionGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
        // After the AuthGuard (it needs the token's subject), before anything reaches a service.
        { provide: APP_GUARD, useClass: UserRateLimitGuard },
        // After the AuthGuard: binds the verified caller to an organisation and role.
        { provide: APP_GUARD, useClass: ActorGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
      ],
    };
  }
}
