// ESF participant data on a client (issue 15): asked at entry and at exit, each with "not asked" and
// "declined", after the ESF+ common indicators (Regulation (EU) 2021/1057, Annex I). Purpose
// `statistics` only: no data category carries it, so it is never disclosed to a partner.
import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** Labour-market status at entry (ESF+ common output indicators). */
export const LABOUR_MARKET_STATUSES = [
  'employed',
  'unemployed',
  'long_term_unemployed',
  'inactive',
  'in_education',
  'not_asked',
  'declined',
] as const;
export type LabourMarketStatus = (typeof LABOUR_MARKET_STATUSES)[number];

/** Highest education at entry, ISCED 2011 levels grouped as the ESF+ indicators group them. */
export const EDUCATION_LEVELS = ['isced_0_2', 'isced_3_4', 'isced_5_8', 'not_asked', 'declined'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** The result when the participant leaves (ESF+ common immediate result indicators). */
export const EXIT_RESULTS = [
  'in_employment',
  'in_education_or_training',
  'job_seeking',
  'gained_qualification',
  'other',
  'not_asked',
  'declined',
] as const;
export type ExitResult = (typeof EXIT_RESULTS)[number];

/** The ESF participant data of a client, as stored and shown (every key present). */
export interface ClientEsf {
  labourMarketStatusAtEntry: LabourMarketStatus;
  educationAtEntry: EducationLevel;
  /** null: not exited (yet). */
  resultAtExit: ExitResult | null;
}

export const DEFAULT_CLIENT_ESF: ClientEsf = {
  labourMarketStatusAtEntry: 'not_asked',
  educationAtEntry: 'not_asked',
  resultAtExit: null,
};

/** On create and update a missing key keeps the value (default `not_asked`); `resultAtExit: null` = not exited. */
@ApiSchema({ name: 'ClientEsfDto' })
export class ClientEsfPayload {
  @ApiPropertyOptional({ enum: LABOUR_MARKET_STATUSES, default: 'not_asked' })
  @IsOptional()
  @IsIn(LABOUR_MARKET_STATUSES)
  labourMarketStatusAtEntry?: LabourMarketStatus;

  @ApiPropertyOptional({ enum: EDUCATION_LEVELS, default: 'not_asked' })
  @IsOptional()
  @IsIn(EDUCATION_LEVELS)
  educationAtEntry?: EducationLevel;

  @ApiPropertyOptional({ enum: EXIT_RESULTS, nullable: true, description: 'null: not exited' })
  @IsOptional()
  @IsIn(EXIT_RESULTS)
  resultAtExit?: ExitResult | null;
}
