import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  CANCEL_REASONS,
  DATA_CATEGORIES,
  HOLD_REASONS,
  NEED_CATEGORIES,
  OUTCOMES,
  REFERRAL_STATUSES,
  REJECT_REASONS,
  URGENCIES,
  type DataCategory,
  type NeedCategory,
  type ReferralStatus,
  type Urgency,
} from '#contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : value;
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class CreateReferralDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() clientId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'An organisation on the platform (active, receiving)' })
  @IsOptional()
  @IsUUID()
  receivingOrganisationId?: string;
  @ApiPropertyOptional({
    description:
      'Instead of receivingOrganisationId: an organisation not on the platform (a logged referral; no data leaves)',
    maxLength: 200,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  loggedRecipientName?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'One of the receiving organisation’s services' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;
  @ApiProperty({ enum: NEED_CATEGORIES }) @IsIn(NEED_CATEGORIES) need!: NeedCategory;
  @ApiProperty({ description: 'The reason, written for the partner', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason!: string;
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency!: Urgency;
  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description: 'The data categories to share; the consent must cover each',
  })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  categories!: DataCategory[];
  @ApiPropertyOptional({ description: 'Language of the service (BCP 47, e.g. "so")', example: 'so' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
  language?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() interpreterNeeded?: boolean;
  @ApiProperty({ description: 'true: sent at once (requested); false: saved as a draft' })
  @IsBoolean()
  send!: boolean;
  @ApiPropertyOptional({
    description: 'Send although an open referral of the client to the same organisation and service exists',
  })
  @IsOptional()
  @IsBoolean()
  confirmDuplicate?: boolean;
}

export class TransitionReferralDto {
  @ApiProperty({ enum: REFERRAL_STATUSES, description: 'The target status' })
  @IsIn(REFERRAL_STATUSES)
  to!: ReferralStatus;
  @ApiPropertyOptional({
    description: `Needed for rejected (${REJECT_REASONS.join(', ')}), cancelled (${CANCEL_REASONS.join(', ')}; consent_withdrawn and expired are the system's), on_hold (${HOLD_REASONS.join(', ')}) and failed`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  reasonCode?: string;
  @ApiPropertyOptional({
    description: 'Free text with the reason; needed for entered_in_error',
    maxLength: 2000,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  reasonText?: string;
  @ApiPropertyOptional({ enum: OUTCOMES, description: 'Needed for completed and failed' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  outcomeCode?: string;
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AssignReferralDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'A member of the receiving organisation, or null to unassign',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  assigneeId!: string | null;
}

export class ListReferralsQuery {
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) @IsIn(['incoming', 'outgoing']) box!:
    'incoming' | 'outgoing';
  @ApiPropertyOptional({
    description: 'One or more statuses, comma-separated',
    example: 'requested,received',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayUnique()
  @IsIn(REFERRAL_STATUSES, { each: true })
  status?: ReferralStatus[];
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ enum: NEED_CATEGORIES }) @IsOptional() @IsIn(NEED_CATEGORIES) need?: NeedCategory;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() serviceId?: string;
  @ApiPropertyOptional({ description: 'A user id, "me" or "none"' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  assignee?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Sent at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Sent before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListMessagesQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class PostMessageDto {
  @ApiProperty({ maxLength: 4000 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(4000) body!: string;
}

// Responses, for the OpenAPI document.

class LocalisedNameResponse {
  @ApiProperty() fi!: string;
  @ApiProperty({ nullable: true, type: String }) sv!: string | null;
  @ApiProperty({ nullable: true, type: String }) en!: string | null;
}

class OrganisationSnapshotResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for a logged referral' })
  id!: string | null;
  @ApiProperty({ type: LocalisedNameResponse, description: 'As it was when the referral was made' })
  name!: LocalisedNameResponse;
}

class UserSnapshotResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) username!: string | null;
}

class HistoryEntryResponse {
  @ApiProperty({ enum: REFERRAL_STATUSES, nullable: true }) from!: ReferralStatus | null;
  @ApiProperty({ enum: REFERRAL_STATUSES }) to!: ReferralStatus;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorOrganisationId!: string | null;
  @ApiProperty({ enum: ['sender', 'receiver', 'admin', 'system'] }) party!: string;
  @ApiProperty({ nullable: true, type: String }) reasonCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonText!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcomeCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class ReferralSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['platform', 'logged'] }) kind!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: ReferralStatus;
  @ApiProperty({ description: 'For If-Match' }) version!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ enum: NEED_CATEGORIES }) need!: NeedCategory;
  @ApiProperty({ enum: URGENCIES }) urgency!: Urgency;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) serviceId!: string | null;
  @ApiProperty({ type: OrganisationSnapshotResponse }) sendingOrganisation!: OrganisationSnapshotResponse;
  @ApiProperty({ type: OrganisationSnapshotResponse }) receivingOrganisation!: OrganisationSnapshotResponse;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) receivedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'The response promise, in working days',
  })
  dueAt!: string | null;
  @ApiProperty({ description: 'Past dueAt without an answer' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
}

export class ReferralResponse extends ReferralSummaryResponse {
  @ApiProperty({ type: UserSnapshotResponse }) sender!: UserSnapshotResponse;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) language!: string | null;
  @ApiProperty() interpreterNeeded!: boolean;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) categories!: DataCategory[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) consentId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) consentVersion!: number | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'The client data of the consented categories only; null in a draft, a logged referral or once redacted',
  })
  sharedData!: Record<string, Record<string, unknown>> | null;
  @ApiProperty({ description: 'The consent was withdrawn or expired, or the client erased' })
  sharedDataRedacted!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) redactedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Cancelled as expired after this',
  })
  expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonText!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: OUTCOMES }) outcomeCode!: string | null;
  @ApiProperty({ type: HistoryEntryResponse, isArray: true }) history!: HistoryEntryResponse[];
}

export class ReferralListResponse {
  @ApiProperty({ type: ReferralSummaryResponse, isArray: true }) items!: ReferralSummaryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Per status in the box (regardless of the other filters), and overdue',
    example: { requested: 3, received: 1, overdue: 1 },
  })
  counts!: Record<string, number>;
}

export class ReferralMessageResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty() authorUserId!: string;
  @ApiProperty({ nullable: true, type: String }) authorUsername!: string | null;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReferralMessageListResponse {
  @ApiProperty({ type: ReferralMessageResponse, isArray: true }) items!: ReferralMessageResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
