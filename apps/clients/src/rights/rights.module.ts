import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { ScheduledJobs } from '../jobs/scheduled-jobs.js';
import { RightsController } from './rights.controller.js';
import { RightsService } from './rights.service.js';

@Module({
  imports: [ClientsModule, ConsentsModule],
  controllers: [RightsController],
  providers: [RightsService, ScheduledJobs],
})
export class RightsModule {}
