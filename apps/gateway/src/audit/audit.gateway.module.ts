import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { RefusalAuditor } from './refusal-auditor.js';

/** The HTTP resources of the audit service, and the recording of refused requests. */
@Module({ controllers: [AuditController], providers: [RefusalAuditor], exports: [RefusalAuditor] })
export class AuditGatewayModule {}
