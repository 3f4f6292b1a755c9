import { Module, type DynamicModule } from '@nestjs/common';
import { serviceClientProvider } from '#messaging';
import { ConsentEventConsumers, ConsentFollowThrough } from '../consent/consent-follow-through.js';
import { FieldCipher, referralsCipher } from '../crypto/field-cipher.js';
import { ResponsePromiseJob } from '../scheduler/response-promise.job.js';
import { ReferralRepository } from './referral.repository.js';
import { ReferralsController } from './referrals.controller.js';
import { REFERRALS_CONFIG, type ReferralsConfig } from '../config.js';
import { ReferralActions } from './referral-actions.js';
import { ReferralAudit } from './referral-audit.js';
import { ReferralChanges } from './referral-changes.js';
import { ReferralReads } from './referral-reads.js';
import { ReferralSending } from './referral-sending.js';

@Module({})
export class ReferralsModule {
  static forRoot(config: ReferralsConfig): DynamicModule {
    return {
      module: ReferralsModule,
      controllers: [ReferralsController],
      providers: [
        { provide: REFERRALS_CONFIG, useValue: config },
        { provide: FieldCipher, useFactory: () => referralsCipher(config.dataKey, config.previousDataKeys) },
        serviceClientProvider('referrals', config),
        ReferralRepository,
        ReferralAudit,
        ReferralChanges,
        ReferralReads,
        ReferralSending,
        ReferralActions,
        ConsentFollowThrough,
        ConsentEventConsumers,
        ResponsePromiseJob,
      ],
      exports: [ReferralChanges, ConsentFollowThrough, ResponsePromiseJob],
    };
  }
}
