// Request payloads of the notifications service, validated on receipt (EnvelopePayloadPipe).
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
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
  @IsOptional()
  @IsBoolean()
  unread?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

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
export class EmailPreferencesPayload {
  @IsOptional() @IsBoolean() 'referral.sent'?: boolean;
  @IsOptional() @IsBoolean() 'referral.status_changed'?: boolean;
  @IsOptional() @IsBoolean() 'referral.assigned'?: boolean;
  @IsOptional() @IsBoolean() 'message.posted'?: boolean;
  @IsOptional() @IsBoolean() 'referral.overdue'?: boolean;
  @IsOptional() @IsBoolean() 'referral.redacted'?: boolean;
  @IsOptional() @IsBoolean() 'consent.withdrawn'?: boolean;
  @IsOptional() @IsBoolean() 'consent.expiring'?: boolean;
  @IsOptional() @IsBoolean() 'consent.expired'?: boolean;
}

/** PUT semantics: the whole set; a kind left out of `email` is on. */
export class UpdatePreferencesPayload {
  @IsIn(NOTIFICATION_LANGUAGES)
  language!: NotificationLanguage;

  @IsOptional()
  @ValidateNested()
  @Type(() => EmailPreferencesPayload)
  email?: EmailPreferencesPayload;

  @IsIn(DIGEST_MODES)
  digest!: DigestMode;
}
