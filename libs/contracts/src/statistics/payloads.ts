// Request payloads of the statistics service, validated on receipt; the gateway's query DTO extends them.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import {
  STATISTICS_EXPORT_LANGUAGES,
  STATISTICS_FORMATS,
  STATISTICS_REPORTS,
  type StatisticsExportLanguage,
  type StatisticsFormat,
  type StatisticsReportName,
} from './reports.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The query of GET /statistics/{report}; groupBy arrives as a list (the gateway splits the commas). */
export class StatisticsQueryPayload {
  @ApiPropertyOptional({
    example: '2026-01',
    description: 'First month (YYYY-MM), inclusive; default 11 months before `to`',
  })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12',
    description: 'Last month (YYYY-MM), inclusive; default this month',
  })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month YYYY-MM' })
  to?: string;

  @ApiPropertyOptional({ enum: STATISTICS_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(STATISTICS_FORMATS)
  format?: StatisticsFormat;

  @ApiPropertyOptional({
    enum: STATISTICS_EXPORT_LANGUAGES,
    default: 'fi',
    description:
      "CSV and XLSX: the language of the organisations' names beside their ids (Finnish where an organisation has no name in it), of each code's words beside it and of the total row's word",
  })
  @IsOptional()
  @IsIn(STATISTICS_EXPORT_LANGUAGES)
  lang?: StatisticsExportLanguage;
}

export class StatisticsReportPayload extends StatisticsQueryPayload {
  @IsIn(STATISTICS_REPORTS)
  report!: StatisticsReportName;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  groupBy?: string[];
}

export type StatisticsReportRequest = Pick<StatisticsReportPayload, 'report' | 'from' | 'to' | 'groupBy'>;
export type StatisticsExportRequest = StatisticsReportRequest & {
  format: 'csv' | 'xlsx';
  lang?: StatisticsExportLanguage;
};

export class StatisticsRebuildPayload {
  @IsIn(['stream', 'snapshot'])
  source!: 'stream' | 'snapshot';
}
