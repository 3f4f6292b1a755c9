import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AppError,
  StatisticsRebuildPayload,
  StatisticsReportPayload,
  type Envelope,
  type StatisticsRequests,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { RebuildService } from './read-model/rebuild.service.js';
import { exportReport } from './reports/export.js';
import { ReportsService } from './reports/reports.service.js';

const subject = <S extends keyof StatisticsRequests>(name: S): S => name;

@Controller()
export class StatisticsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly rebuilds: RebuildService,
  ) {}

  @MessagePattern(subject('statistics.report.get'))
  get(@Payload(new EnvelopePayloadPipe(StatisticsReportPayload)) msg: Envelope<StatisticsReportPayload>) {
    return this.reports.report(msg.actor, msg.data);
  }

  @MessagePattern(subject('statistics.report.export'))
  async export(
    @Payload(new EnvelopePayloadPipe(StatisticsReportPayload)) msg: Envelope<StatisticsReportPayload>,
  ) {
    const format = msg.data.format;
    if (format !== 'csv' && format !== 'xlsx') {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
        { field: 'format', reasons: ['format must be csv or xlsx'] },
      ]);
    }
    return exportReport(await this.reports.report(msg.actor, msg.data), format, msg.data.lang ?? 'fi');
  }

  @MessagePattern(subject('statistics.readmodel.rebuild'))
  rebuild(
    @Payload(new EnvelopePayloadPipe(StatisticsRebuildPayload)) msg: Envelope<StatisticsRebuildPayload>,
  ) {
    return this.rebuilds.rebuild(msg.actor, msg.data.source);
  }
}
