import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';
import { loadReferralsConfig, type ReferralsConfig } from './config.js';
import { Referrals1764400000000 } from './migrations/1764400000000-Referrals.js';
import { InboxCounts1764700000000 } from './migrations/1764700000000-InboxCounts.js';
import { InboxCountsSentOnly1764800000000 } from './migrations/1764800000000-InboxCountsSentOnly.js';
import { MessageAuthorNames1765000000000 } from './migrations/1765000000000-MessageAuthorNames.js';
import { BoxCountsAtCommit1765100000000 } from './migrations/1765100000000-BoxCountsAtCommit.js';
import { createFieldEncryptionMigration } from './migrations/1764900000000-FieldEncryption.js';
import { referralsCipher } from './crypto/field-cipher.js';
import { REFERRAL_ENTITIES } from './referral/referral.entity.js';
import { ReferralsModule } from './referral/referrals.module.js';

/** The referrals service: the referral state machine, inbox and outbox, messages, deadlines, consent follow-through. */
@Module({})
export class ReferralsAppModule {
  /** Takes the common config (as every service does) and reads its own variables from the environment. */
  static forRoot(config: CommonConfig | ReferralsConfig): DynamicModule {
    const referralsConfig = 'dataKey' in config ? config : loadReferralsConfig(process.env, config);
    return {
      module: ReferralsAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'referrals',
          config,
          entities: REFERRAL_ENTITIES,
          migrations: [
            Referrals1764400000000,
            InboxCounts1764700000000,
            InboxCountsSentOnly1764800000000,
            createFieldEncryptionMigration(
              referralsCipher(referralsConfig.dataKey, referralsConfig.previousDataKeys),
              [referralsConfig.dataKey, ...referralsConfig.previousDataKeys],
            ),
            MessageAuthorNames1765000000000,
            BoxCountsAtCommit1765100000000,
          ],
        }),
        ReferralsModule.forRoot(referralsConfig),
      ],
    };
  }
}
