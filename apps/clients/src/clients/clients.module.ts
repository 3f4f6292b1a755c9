import { Module } from '@nestjs/common';
import { ClientAccess } from './client-access.js';
import { ClientController } from './client.controller.js';
import { ClientRepository } from './client.repository.js';
import { ClientService } from './client.service.js';

@Module({
  controllers: [ClientController],
  providers: [ClientRepository, ClientAccess, ClientService],
  exports: [ClientRepository, ClientAccess],
})
export class ClientsModule {}
