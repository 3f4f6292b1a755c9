import { Module } from '@nestjs/common';

/** The HTTP resources of the clients service. */
@Module({ controllers: [], providers: [] })
export class ClientsGatewayModule {}
