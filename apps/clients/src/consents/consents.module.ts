import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { ReceiptService } from '../receipts/receipt.service.js';
import { ConsentController } from './consent.controller.js';
import { ConsentRepository } from './consent.repository.js';
import { ConsentService } from './consent.service.js';

@Module({
  imports: [ClientsModule],
  controllers: [ConsentController],
  providers: [ConsentRepository, ConsentService, ReceiptService],
  exports: [ConsentRepository, ConsentService],
})
export class ConsentsModule {}
