import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '#config';
import { FailedAuthAudit } from './failed-auth-audit.js';
import { GATEWAY_LIMITS_CONFIG } from './limits.tokens.js';
import { StreamSlots } from './stream-slots.js';

/** The gateway's flood limits shared by its parts: stream slots and the failed-authentication tally. */
@Global()
@Module({})
export class LimitsModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: LimitsModule,
      providers: [{ provide: GATEWAY_LIMITS_CONFIG, useValue: config }, StreamSlots, FailedAuthAudit],
      exports: [GATEWAY_LIMITS_CONFIG, StreamSlots, FailedAuthAudit],
    };
  }
}
