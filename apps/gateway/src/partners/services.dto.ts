// HTTP shapes of an organisation's services (api.md). Request bodies are the partners service's
// own payload classes (#contracts, with their validators and OpenAPI decorators), less the ids
// that come from the path.
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  CreateServicePayload,
  NEED_CATEGORIES,
  PagePayload,
  SERVICE_LANGUAGES_DOC,
  SERVICE_REFERRAL_STATUSES,
  UpdateServicePayload,
  type NeedCategory,
  type ServiceReferralStatus,
} from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';

/** Name, description, needs and languages are required; the rest default (no interpretation, accepting). */
export class CreateServiceDto extends OmitType(CreateServicePayload, ['organisationId']) {}

/** Each given field replaces the stored one whole; eligibility, address and howToRefer may be null. */
export class UpdateServiceDto extends OmitType(UpdateServicePayload, ['serviceId']) {}

/** A page of a list: the cursor of the previous page and a size (query strings: `limit` converted). */
export class PageQuery extends PagePayload {
  @Type(() => Number)
  declare limit?: number;
}

export class ServiceAddressResponse {
  @ApiProperty()
  street!: string;

  @ApiProperty()
  postalCode!: string;

  @ApiProperty()
  city!: string;

  @ApiProperty({ nullable: true, type: String })
  region!: string | null;

  @ApiProperty({ nullable: true, type: Number })
  latitude!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  longitude!: number | null;
}

export class ServiceContactResponse {
  @ApiProperty({ nullable: true, type: String })
  phone!: string | null;

  @ApiProperty({ nullable: true, type: String })
  email!: string | null;

  @ApiProperty({ nullable: true, type: String })
  url!: string | null;
}

export class ServiceResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: LocalisedTextResponse })
  name!: LocalisedTextResponse;

  @ApiProperty({ type: LocalisedTextResponse })
  description!: LocalisedTextResponse;

  @ApiProperty({ enum: NEED_CATEGORIES, isArray: true })
  needs!: NeedCategory[];

  @ApiProperty({ type: LocalisedTextResponse, nullable: true })
  eligibility!: LocalisedTextResponse | null;

  @ApiProperty({ type: [String], ...SERVICE_LANGUAGES_DOC })
  languages!: string[];

  @ApiProperty()
  interpretationAvailable!: boolean;

  @ApiProperty({ type: ServiceAddressResponse, nullable: true })
  address!: ServiceAddressResponse | null;

  @ApiProperty({ type: ServiceContactResponse })
  contact!: ServiceContactResponse;

  @ApiProperty({ type: LocalisedTextResponse, nullable: true })
  howToRefer!: LocalisedTextResponse | null;

  @ApiProperty({ enum: SERVICE_REFERRAL_STATUSES })
  referralStatus!: ServiceReferralStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ServicePageResponse {
  @ApiProperty({ type: [ServiceResponse] })
  items!: ServiceResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
