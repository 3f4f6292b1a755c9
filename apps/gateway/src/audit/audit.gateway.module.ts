import { Module } from '@nestjs/common';

/** The HTTP resources of the audit service. */
@Module({ controllers: [], providers: [] })
export class AuditGatewayModule {}
