import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { GuidanceController } from './guidance.controller.js';
import { GuidanceRepository } from './guidance.repository.js';
import { GuidanceService } from './guidance.service.js';

/** Guidance contacts, group events and the statistics snapshot. */
@Module({
  imports: [ClientsModule],
  controllers: [GuidanceController],
  providers: [GuidanceRepository, GuidanceService],
})
export class GuidanceModule {}
