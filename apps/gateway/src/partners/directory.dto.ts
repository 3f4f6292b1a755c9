import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  HSDS_LANGUAGES,
  IsLanguageCode,
  NEED_CATEGORIES,
  type HsdsLanguage,
  type NeedCategory,
} from '#contracts';
import { LocalisedTextResponse, PageQuery, ServiceResponse } from './services.dto.js';

export class SearchDirectoryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NEED_CATEGORIES, description: 'Services that answer this need' })
  @IsOptional()
  @IsIn(NEED_CATEGORIES)
  need?: NeedCategory;

  @ApiPropertyOptional({ description: 'Services offered in this language (ISO 639-1)', example: 'ar' })
  @IsOptional()
  @IsLanguageCode()
  language?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Words that must each occur in a name or description, in any of the three languages',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class DirectoryOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;

  @ApiProperty({ description: 'The organisation takes referrals now' })
  acceptingReferrals!: boolean;

  @ApiProperty({ description: 'Response promise in working days' })
  responseDays!: number;
}

export class DirectoryServiceResponse extends ServiceResponse {
  @ApiProperty({ type: DirectoryOrganisationResponse })
  organisation!: DirectoryOrganisationResponse;
}

export class DirectoryPageResponse {
  @ApiProperty({ type: [DirectoryServiceResponse] })
  items!: DirectoryServiceResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class HsdsQuery {
  @ApiPropertyOptional({
    enum: HSDS_LANGUAGES,
    default: 'fi',
    description:
      'HSDS has one language per dataset: texts in this language, Finnish where a translation is missing',
  })
  @IsOptional()
  @IsIn(HSDS_LANGUAGES)
  lang?: HsdsLanguage;
}

export class HsdsDirectoryResponse {
  @ApiProperty()
  total_items!: number;

  @ApiProperty()
  total_pages!: number;

  @ApiProperty()
  page_number!: number;

  @ApiProperty()
  size!: number;

  @ApiProperty()
  first_page!: boolean;

  @ApiProperty()
  last_page!: boolean;

  @ApiProperty()
  empty!: boolean;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'HSDS 3.0 organizations (schema compiled/organization.json) with their services, locations, contacts, languages and need categories as taxonomy terms',
  })
  contents!: Record<string, unknown>[];
}
