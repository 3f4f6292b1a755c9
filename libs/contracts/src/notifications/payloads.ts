// Request payloads of the notifications service, validated on receipt (EnvelopePayloadPipe). The
// gateway uses these same classes as its HTTP DTOs; the @nestjs/swagger decorators are metadata only.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DIGEST_MODES, NOTIFICATION_LANGUAGES, type DigestMode, type NotificationLanguage } from './kinds.js';

export const NOTIFICATIONS_PAGE_MAX = 100;
export const NOTIFICATIONS_PAGE_DEFAULT = 20;

export class ListNotificationsPayload {
  @ApiPropertyOptional({ description: 'true: only unread notifications' })
  @IsOptional()
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: NOTIFICATIONS_PAGE_MAX, default: NOTIFICATIONS_PAGE_DEFAULT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(NOTIFICATIONS_PAGE_MAX)
  limit?: number;
}

export class NotificationIdPayload {
  @IsUUID()
  id!: string;
}

// One optional boolean per notification kind; unknown kinds are refused by the whitelist.
@ApiSchema({ name: 'EmailPreferencesDto' })
export class EmailPreferencesPayload {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.sent'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.status_changed'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.assigned'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'message.posted'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.overdue'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.redacted'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'consent.withdrawn'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'consent.expiring'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'consent.expired'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'membership.changed'?: boolean;
}

/** PUT semantics: the whole set; a kind left out of `email` is on. */
export class UpdatePreferencesPayload {
  @ApiProperty({ enum: NOTIFICATION_LANGUAGES, description: 'Language of e-mails' })
  @IsIn(NOTIFICATION_LANGUAGES)
  language!: NotificationLanguage;

  @ApiPropertyOptional({
    type: EmailPreferencesPayload,
    description: 'E-mail on (true) or off (false) per notification kind; a kind left out is on',
  })
  @IsOptional()
  // ValidateNested alone takes an array and validates its elements.
  @IsObject()
  @ValidateNested()
  @Type(() => EmailPreferencesPayload)
  email?: EmailPreferencesPayload;

  @ApiProperty({ enum: DIGEST_MODES, description: 'instant: one e-mail per event; daily: one summary a day' })
  @IsIn(DIGEST_MODES)
  digest!: DigestMode;
}
