import { Module } from '@nestjs/common';

/** The HTTP resources of the referrals service. */
@Module({ controllers: [], providers: [] })
export class ReferralsGatewayModule {}
