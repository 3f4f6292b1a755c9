// HTTP shapes of the statistics (api.md): the report in the path, the months, grouping and format in
// the query, validated here (400 naming the field) and again in the statistics service.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  STATISTICS_REPORTS,
  SUPPRESSED,
  StatisticsQueryPayload,
  type StatisticsReportName,
} from '#contracts';

export class StatisticsReportParam {
  @ApiProperty({ enum: STATISTICS_REPORTS })
  @IsIn(STATISTICS_REPORTS)
  report!: StatisticsReportName;
}

export class StatisticsQuery extends StatisticsQueryPayload {
  @ApiPropertyOptional({
    example: 'month,channel',
    description: 'Comma-separated dimensions of the report (at most 2); default per report',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  groupBy?: string;
}

export class StatisticsReportResponse {
  @ApiProperty({ enum: STATISTICS_REPORTS }) report!: StatisticsReportName;
  @ApiProperty({ example: '2026-01' }) from!: string;
  @ApiProperty({ example: '2026-12' }) to!: string;
  @ApiProperty({ type: [String] }) groupBy!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{ kind: "organisation", organisationId } or { kind: "network" }',
  })
  scope!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: [String], description: 'The row keys in order (dimensions, then measures)' })
  columns!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: `Dimension values (codes) and measures; a count under 5 is "${SUPPRESSED}"`,
  })
  rows!: Array<Record<string, unknown>>;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string', enum: [SUPPRESSED] }], nullable: true })
  total!: number | string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Names (fi, sv, en) of the organisation ids in rows',
  })
  organisations!: Record<string, unknown>;
  @ApiPropertyOptional({
    oneOf: [{ type: 'number' }, { type: 'string', enum: [SUPPRESSED] }],
    description: 'group-events: the attendance of all events in range',
  })
  attendanceTotal?: number | string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "participants: { target, reached }, the plan's target and the participants up to `to`",
  })
  plan?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'broken-chain: { through, sent, received, accepted, completed }, how far the referrals sent up to ' +
      '`through` (YYYY-MM) got; `through` is the month before this one when the range reaches this ' +
      'month from an earlier one (its referrals are still on their way), otherwise `to`',
  })
  funnel?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'broken-chain: { count, rate }, the referrals of the funnel that went past their response promise',
  })
  overdue?: Record<string, unknown>;
}
