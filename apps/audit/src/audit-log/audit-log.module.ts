import { Module } from '@nestjs/common';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { AuditLogGuard } from './audit-log-guard.js';
import { AuditConsumer } from './audit-consumer.js';
import { AuditLogController } from './audit-log.controller.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';
import { ChainVerificationService } from './chain-verification.service.js';

@Module({
  controllers: [AuditLogController],
  providers: [
    AuditLogGuard,
    AuditLogRepository,
    AuditLogService,
    AuditConsumer,
    AuditCheckpointer,
    ChainVerificationService,
  ],
})
export class AuditLogModule {}
