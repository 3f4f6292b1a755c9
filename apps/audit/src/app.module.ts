import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { AuditLog1764500000000 } from './migrations/1764500000000-AuditLog.js';
import { AuditTargetIndex1765000000000 } from './migrations/1765000000000-AuditTargetIndex.js';

/** The audit service: the append-only, hash-chained audit log, its search and the disclosure log. */
@Module({})
export class AuditAppModule {
  static forRoot(config: CommonConfig): DynamicModule {
    return {
      module: AuditAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'audit',
          config,
          entities: [],
          migrations: [AuditLog1764500000000, AuditTargetIndex1765000000000],
        }),
        AuditLogModule,
      ],
    };
  }
}
