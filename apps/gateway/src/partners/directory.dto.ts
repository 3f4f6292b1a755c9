import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { HsdsExportPayload, SearchDirectoryPayload } from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';
import { ServiceResponse } from './services.dto.js';

/** Query strings arrive as text: `limit` is converted before it is validated. */
export class SearchDirectoryQuery extends SearchDirectoryPayload {
  @Type(() => Number)
  declare limit?: number;
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

export class HsdsQuery extends HsdsExportPayload {}

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
