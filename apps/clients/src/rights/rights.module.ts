import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { ConsentExpiryNotices } from '../jobs/consent-expiry-notice.js';
import { ScheduledJobs } from '../jobs/scheduled-jobs.js';
import { RightsController } from './rights.controller.js';
import { RightsService } from './rights.service.js';

@Module({
  imports: [ClientsModule, ConsentsModule],
  controllers: [RightsController],
  providers: [RightsService, ScheduledJobs, ConsentExpiryNotices],
})
export class RightsModule {}
