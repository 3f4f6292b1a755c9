import { Module } from '@nestjs/common';
import { ClientsController, ConsentsController } from './clients.controller.js';

/** The HTTP resources of the clients service: clients, consents and receipts. */
@Module({ controllers: [ClientsController, ConsentsController], providers: [] })
export class ClientsGatewayModule {}
