import { Module } from '@nestjs/common';

/** The HTTP resources of the partners service. */
@Module({ controllers: [], providers: [] })
export class PartnersGatewayModule {}
