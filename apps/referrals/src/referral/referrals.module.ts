import { Module, type DynamicModule } from '@nestjs/common';
import { peerServicesProvider } from '../clients/peer-services.js';
import type { ReferralsConfig } from '../config.js';
import { ConsentEventConsumers, ConsentFollowThrough } from '../consent/consent-follow-through.js';
import { FieldCipher, referralsCipher } from '../crypto/field-cipher.js';
import { ResponsePromiseJob } from '../scheduler/response-promise.job.js';
import {
  ReferralsStatisticsController,
  ReferralsStatisticsSnapshot,
} from '../statistics/statistics-snapshot.js';
import { ReferralRepository } from './referral.repository.js';
import { ReferralsController } from './referrals.controller.js';
import { REFERRALS_CONFIG, ReferralsService } from './referrals.service.js';

@Module({})
export class ReferralsModule {
  static forRoot(config: ReferralsConfig): DynamicModule {
    return {
      module: ReferralsModule,
      controllers: [ReferralsController, ReferralsStatisticsController],
      providers: [
        { provide: REFERRALS_CONFIG, useValue: config },
        { provide: FieldCipher, useFactory: () => referralsCipher(config.dataKey, config.previousDataKeys) },
        peerServicesProvider(config),
        ReferralRepository,
        ReferralsService,
        ConsentFollowThrough,
        ConsentEventConsumers,
        ResponsePromiseJob,
        ReferralsStatisticsSnapshot,
      ],
      exports: [ReferralsService, ConsentFollowThrough, ResponsePromiseJob],
    };
  }
}
