import { Module } from '@nestjs/common';
import { ReferralsController } from './referrals.controller.js';

/** The HTTP resources of the referrals service. */
@Module({ controllers: [ReferralsController], providers: [] })
export class ReferralsGatewayModule {}
