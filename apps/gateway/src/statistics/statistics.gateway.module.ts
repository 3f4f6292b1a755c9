import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller.js';

/** The HTTP resources of the statistics service. */
@Module({ controllers: [StatisticsController] })
export class StatisticsGatewayModule {}
