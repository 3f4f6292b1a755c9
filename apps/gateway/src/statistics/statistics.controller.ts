import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { StatisticsReport } from '#contracts';
import type { MessageContext } from '#messaging';
import { ActorRoles, Caller } from '../http/caller.js';
import { ServiceClient } from '#messaging';
import { StatisticsQuery, StatisticsReportParam, StatisticsReportResponse } from './statistics.dto.js';

const groupByList = (groupBy: string | undefined): string[] | undefined =>
  groupBy === undefined
    ? undefined
    : groupBy
        .split(',')
        .map((dimension) => dimension.trim())
        .filter(Boolean);

@ApiTags('statistics')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Organisation-Id', required: false, description: 'The organisation to act for' })
@ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN: partner staff (and users without a membership)' })
@ActorRoles('advisor', 'org_admin', 'platform_admin')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':report')
  @Header('Cache-Control', 'no-store')
  @ApiProduces(
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  @ApiOkResponse({
    type: StatisticsReportResponse,
    description:
      "Your organisation's figures (advisor, org_admin; as sender and receiver) or the network's (platform_admin); counts under 5 suppressed",
  })
  @ApiBadRequestResponse({
    description: 'VALIDATION.FAILED naming report, from, to, groupBy, format or lang',
  })
  async report(
    @Param() { report }: StatisticsReportParam,
    @Query() query: StatisticsQuery,
    @Caller() caller: MessageContext,
  ): Promise<StatisticsReport | StreamableFile> {
    const request = {
      report,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.groupBy !== undefined ? { groupBy: groupByList(query.groupBy) } : {}),
    };
    if (query.format === 'csv' || query.format === 'xlsx') {
      const file = await this.services.request(
        'statistics.report.export',
        { ...request, format: query.format, ...(query.lang ? { lang: query.lang } : {}) },
        caller,
      );
      return new StreamableFile(Buffer.from(file.body, 'base64'), {
        type: file.contentType,
        disposition: `attachment; filename="${file.filename}"`,
      });
    }
    return this.services.request('statistics.report.get', request, caller);
  }
}
