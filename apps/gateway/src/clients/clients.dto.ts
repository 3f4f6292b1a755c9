// HTTP shapes of clients and consents (api.md). Request bodies and queries are the clients
// service's own payload classes (#contracts, with their validators and OpenAPI decorators), less the
// ids that come from the path, so a bad field is refused here with 400 naming it.
import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import {
  CLIENT_NEED_CATEGORIES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  ConsentReceiptPayload,
  CreateClientPayload,
  DATA_CATEGORIES,
  EDUCATION_LEVELS,
  EXIT_RESULTS,
  ExpiringConsentsPayload,
  LABOUR_MARKET_STATUSES,
  type EducationLevel,
  type ExitResult,
  type LabourMarketStatus,
  GENDERS,
  ListClientsPayload,
  RESIDENCE_STATUSES,
  RecordConsentPayload,
  UpdateClientPayload,
  WithdrawConsentPayload,
  type ClientNeedCategory,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentStatus,
  type DataCategory,
  type Gender,
  type ResidenceStatus,
} from '#contracts';
import { DisclosureResponse } from '../audit/audit.dto.js';
import { toList } from '../http/query-list.js';
import { ReferralMessageResponse, ReferralResponse } from '../referrals/referrals.dto.js';
import { ContactResponse } from './guidance.dto.js';

export class CreateClientDto extends CreateClientPayload {}

export class UpdateClientDto extends OmitType(UpdateClientPayload, ['clientId']) {}

/** Query strings arrive as text: `limit` is converted before it is validated. */
export class ListClientsQuery extends ListClientsPayload {
  @Type(() => Number)
  declare limit?: number;

  @Transform(toList)
  declare ids?: string[];
}

export class RecordConsentDto extends OmitType(RecordConsentPayload, ['clientId']) {}

export class WithdrawConsentDto extends OmitType(WithdrawConsentPayload, ['consentId']) {}

export class ReceiptQuery extends PickType(ConsentReceiptPayload, ['lang']) {
  @ApiPropertyOptional({ enum: ['pdf', 'html'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'html'])
  format?: 'pdf' | 'html';
}

export class ExpiringConsentsQuery extends ExpiringConsentsPayload {
  @Type(() => Number)
  declare withinDays?: number;
}

// Responses (for the OpenAPI document).

export class ClientNeedResponse {
  @ApiProperty({ enum: CLIENT_NEED_CATEGORIES })
  category!: ClientNeedCategory;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
}

export class ClientBackgroundResponse {
  @ApiProperty({ type: String, nullable: true }) education!: string | null;
  @ApiProperty({ type: String, nullable: true }) workHistory!: string | null;
  @ApiProperty({ enum: RESIDENCE_STATUSES, nullable: true }) residenceStatus!: ResidenceStatus | null;
  @ApiProperty({ type: String, nullable: true }) residenceStatusNote!: string | null;
}

export class ClientEsfResponse {
  @ApiProperty({ enum: LABOUR_MARKET_STATUSES }) labourMarketStatusAtEntry!: LabourMarketStatus;
  @ApiProperty({ enum: EDUCATION_LEVELS }) educationAtEntry!: EducationLevel;
  @ApiProperty({ enum: EXIT_RESULTS, nullable: true, description: 'null: not exited' })
  resultAtExit!: ExitResult | null;
}

export class ClientListItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once erased' }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '010594Y****' }) personalIdentityCodeMasked!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) preferredLanguage!: string | null;
  @ApiProperty({ type: String, nullable: true }) municipality!: string | null;
  @ApiProperty() erased!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ClientResponse extends ClientListItemResponse {
  @ApiProperty({ type: String, nullable: true, description: 'In full only here, on the client page' })
  personalIdentityCode!: string | null;

  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() interpreterNeeded!: boolean;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: GENDERS, nullable: true }) gender!: Gender | null;
  @ApiProperty({ type: [ClientNeedResponse] }) needs!: ClientNeedResponse[];
  @ApiProperty({
    type: ClientBackgroundResponse,
    description: 'The `background` data category; every key present, null when not recorded',
  })
  background!: ClientBackgroundResponse;
  @ApiProperty({ type: Number, nullable: true, description: 'Kept after erasure (age bands)' }) birthYear!:
    number | null;
  @ApiProperty({ type: ClientEsfResponse, description: 'ESF participant data (statistics only)' })
  esf!: ClientEsfResponse;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) erasedAt!: string | null;
}

export class ClientPageResponse {
  @ApiProperty({ type: [ClientListItemResponse] }) items!: ClientListItemResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'Grows by one with each superseding consent' }) version!: number;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: ConsentStatus;
  @ApiProperty({ type: [String], format: 'uuid' }) recipientOrganisationIds!: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) categories!: DataCategory[];
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true }) purposes!: ConsentPurpose[];
  @ApiProperty({ enum: CONSENT_METHODS }) method!: ConsentMethod;
  @ApiProperty({ enum: CONSENT_GIVERS }) givenBy!: ConsentGiver;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'uuid' }) recordedByOrganisationId!: string;
  @ApiProperty() noticeVersion!: string;
  @ApiProperty() noticeLanguage!: string;
  @ApiProperty() interpreterUsed!: boolean;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null for a refusal' })
  validUntil!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersedesConsentId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersededByConsentId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) withdrawnBy!: string | null;
  @ApiProperty({ enum: CONSENT_METHODS, nullable: true }) withdrawalMethod!: ConsentMethod | null;
  @ApiProperty({ type: String, nullable: true }) withdrawalNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiredAt!: string | null;
}

export class ConsentListResponse {
  @ApiProperty({ type: [ConsentResponse] }) items!: ConsentResponse[];
}

export class ExportedReferralResponse extends ReferralResponse {
  @ApiProperty({ type: [ReferralMessageResponse] }) messages!: ReferralMessageResponse[];
}

export class ClientExportResponse {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: ClientResponse }) client!: ClientResponse;
  @ApiProperty({ type: [ConsentResponse] }) consents!: ConsentResponse[];
  @ApiProperty({ type: [ContactResponse], description: 'Guidance contacts recorded for the client' })
  contacts!: ContactResponse[];
  @ApiProperty({
    type: [ExportedReferralResponse],
    description: "The caller's organisation's referrals of the client, with history and messages",
  })
  referrals!: ExportedReferralResponse[];
  @ApiProperty({ type: [DisclosureResponse], description: 'Who received or viewed the data, when' })
  disclosures!: DisclosureResponse[];
}

export class ExpiringConsentResponse {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ format: 'date-time' }) validUntil!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) recipientOrganisationIds!: string[];
}

export class ExpiringConsentListResponse {
  @ApiProperty({ type: [ExpiringConsentResponse] }) items!: ExpiringConsentResponse[];
}
