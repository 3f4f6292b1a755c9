import { Module } from '@nestjs/common';
import { ClientsController, ConsentsController } from './clients.controller.js';
import { ContactsController, GroupEventsController } from './guidance.controller.js';

/** The HTTP resources of the clients service: clients, consents and receipts. */
@Module({
  controllers: [ClientsController, ConsentsController, ContactsController, GroupEventsController],
  providers: [],
})
export class ClientsGatewayModule {}
