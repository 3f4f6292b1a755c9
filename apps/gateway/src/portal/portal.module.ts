import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '#config';
import { AuthController } from './auth.controller.js';
import { PORTAL_GATEWAY_CONFIG } from './portal-config.js';
import { PortalOidc } from './portal-oidc.js';
import { PortalSessions } from './portal-sessions.js';
import { SessionGuard } from './session.guard.js';
import { SessionStore } from './session-store.js';

/** The portal's login through the gateway: /auth/* and the session cookie on /api/v1. */
@Module({})
export class PortalModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: PortalModule,
      global: true,
      controllers: [AuthController],
      providers: [
        { provide: PORTAL_GATEWAY_CONFIG, useValue: config },
        SessionStore,
        PortalOidc,
        PortalSessions,
        SessionGuard,
      ],
      exports: [PortalSessions, SessionGuard, SessionStore],
    };
  }
}
