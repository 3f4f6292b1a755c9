// What the referrals service accepts on NATS: validated on receipt, unknown fields refused.
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
  DATA_CATEGORIES,
  NEED_CATEGORIES,
  REFERRAL_STATUSES,
  URGENCIES,
  type AssignReferralRequest,
  type CreateReferralRequest,
  type DataCategory,
  type ListReferralsRequest,
  type NeedCategory,
  type ReferralBox,
  type ReferralStatus,
  type TransitionReferralRequest,
  type Urgency,
} from '#contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateReferralPayload implements CreateReferralRequest {
  @IsUUID() clientId!: string;
  @IsOptional() @IsUUID() receivingOrganisationId?: string;
  @IsOptional() @Transform(trim) @IsString() @MinLength(2) @MaxLength(200) loggedRecipientName?: string;
  @IsOptional() @IsUUID() serviceId?: string;
  @IsIn(NEED_CATEGORIES) need!: NeedCategory;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
  @IsIn(URGENCIES) urgency!: Urgency;
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  categories!: DataCategory[];
  @IsOptional() @IsString() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/) language?: string;
  @IsOptional() @IsBoolean() interpreterNeeded?: boolean;
  @IsBoolean() send!: boolean;
  @IsOptional() @IsBoolean() confirmDuplicate?: boolean;
}

export class ReferralIdPayload {
  @IsUUID() referralId!: string;
}

export class TransitionReferralPayload implements TransitionReferralRequest {
  @IsUUID() referralId!: string;
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
  @IsIn(REFERRAL_STATUSES) to!: ReferralStatus;
  @IsOptional() @IsString() @MaxLength(64) reasonCode?: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(2000) reasonText?: string;
  @IsOptional() @IsString() @MaxLength(64) outcomeCode?: string;
  @IsOptional() @Transform(trim) @IsString() @MaxLength(2000) note?: string;
}

export class AssignReferralPayload implements AssignReferralRequest {
  @IsUUID() referralId!: string;
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
  @ValidateIf((_, value) => value !== null) @IsString() @MinLength(1) @MaxLength(100) assigneeId!:
    string | null;
}

export class ListReferralsPayload implements ListReferralsRequest {
  @IsIn(['incoming', 'outgoing']) box!: ReferralBox;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(REFERRAL_STATUSES, { each: true }) status?: ReferralStatus[];
  @IsOptional() @IsBoolean() overdue?: boolean;
  @IsOptional() @IsIn(NEED_CATEGORIES) need?: NeedCategory;
  @IsOptional() @IsUUID() serviceId?: string;
  @IsOptional() @IsString() @MaxLength(100) assignee?: string;
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ListMessagesPayload {
  @IsUUID() referralId!: string;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}

export class PostMessagePayload {
  @IsUUID() referralId!: string;
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(4000) body!: string;
}
