// What the referrals service accepts on NATS: validated on receipt, unknown fields refused. The
// gateway uses these same classes (or Pick/Omit of them) as its HTTP DTOs, so a bad field is
// refused at the edge and again here; the @nestjs/swagger decorators are metadata only.
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
import { IsFreeText } from '../validation.js';
import { DATA_CATEGORIES, type DataCategory } from '../clients/subjects.js';
import { REFERRAL_STATUSES, type ReferralStatus } from './events.js';
import {
  CANCEL_REASONS,
  HOLD_REASONS,
  NEED_CATEGORIES,
  OUTCOMES,
  REJECT_REASONS,
  URGENCIES,
  type AssignReferralRequest,
  type CreateReferralRequest,
  type ListReferralsRequest,
  type NeedCategory,
  type ReferralBox,
  type TransitionReferralRequest,
  type Urgency,
} from './subjects.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateReferralPayload implements CreateReferralRequest {
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
  @IsFreeText()
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

export class ReferralIdPayload {
  @IsUUID() referralId!: string;
}

export class TransitionReferralPayload implements TransitionReferralRequest {
  @IsUUID() referralId!: string;
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
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
  @IsFreeText()
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
  @IsFreeText()
  @MaxLength(2000)
  note?: string;
}

export class AssignReferralPayload implements AssignReferralRequest {
  @IsUUID() referralId!: string;
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
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

export class ListReferralsPayload implements ListReferralsRequest {
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) @IsIn(['incoming', 'outgoing']) box!: ReferralBox;
  @ApiPropertyOptional({
    description: 'One or more statuses, comma-separated',
    example: 'requested,received',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REFERRAL_STATUSES, { each: true })
  status?: ReferralStatus[];
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ enum: NEED_CATEGORIES }) @IsOptional() @IsIn(NEED_CATEGORIES) need?: NeedCategory;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() serviceId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "One of the organisation's clients: the outgoing box only (400 on incoming)",
  })
  @IsOptional()
  @IsUUID()
  clientId?: string;
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
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListMessagesPayload {
  @IsUUID() referralId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class PostMessagePayload {
  @IsUUID() referralId!: string;
  @ApiProperty({ maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsFreeText()
  @MinLength(1)
  @MaxLength(4000)
  body!: string;
}
