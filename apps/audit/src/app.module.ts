import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { AUDIT_CONFIG, loadAuditConfig } from './config.js';
import { AuditLog1764500000000 } from './migrations/1764500000000-AuditLog.js';
import { AuditTargetIndex1765000000000 } from './migrations/1765000000000-AuditTargetIndex.js';
import { AuditLogPrivileges1764900000000 } from './migrations/1764900000000-AuditLogPrivileges.js';

type Env = Record<string, string | undefined>;

export const AUDIT_MIGRATIONS = [
  AuditLog1764500000000,
  AuditLogPrivileges1764900000000,
  AuditTargetIndex1765000000000,
];

/** The audit service: the append-only, hash-chained audit log, its search and the disclosure log. */
@Module({})
export class AuditAppModule {
  static forRoot(config: CommonConfig, env: Env = process.env): DynamicModule {
    // Read (and, in production, the chain key checked) before anything connects.
    const auditConfig = loadAuditConfig(env);
    return {
      module: AuditAppModule,
      global: true,
      providers: [{ provide: AUDIT_CONFIG, useValue: auditConfig }],
      exports: [AUDIT_CONFIG],
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'audit',
          config,
          entities: [],
          migrations: AUDIT_MIGRATIONS,
        }),
        AuditLogModule,
      ],
    };
  }
}
