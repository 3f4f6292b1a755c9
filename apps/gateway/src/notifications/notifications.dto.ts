import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DIGEST_MODES,
  NOTIFICATION_KINDS,
  NOTIFICATION_LANGUAGES,
  NOTIFICATIONS_PAGE_DEFAULT,
  NOTIFICATIONS_PAGE_MAX,
  type DigestMode,
  type NotificationKind,
  type NotificationLanguage,
} from '#contracts';

// "true"/"false" in a query string; anything else stays as it is and fails @IsBoolean.
const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'true: only unread notifications' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: NOTIFICATIONS_PAGE_MAX, default: NOTIFICATIONS_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTIFICATIONS_PAGE_MAX)
  limit?: number;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    enum: NOTIFICATION_KINDS,
    description: 'What happened: the domain event without its service prefix',
  })
  kind!: NotificationKind;

  @ApiProperty({ format: 'uuid', description: 'The domain event it came from' })
  eventId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  organisationId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  referralId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description:
      'Codes from the event (from/to status, reasonCode, outcomeCode, need, urgency, dueAt); never free text',
  })
  detail!: Record<string, string | null>;

  @ApiProperty({ description: 'Where in the portal to look (a path)', example: '/referrals/6f1c…' })
  link!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt!: string | null;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] })
  items!: NotificationResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;

  @ApiProperty({ description: 'All unread notifications of the caller' })
  unreadCount!: number;
}

export class UnreadCountResponse {
  @ApiProperty()
  unread!: number;
}

export class MarkAllReadResponse {
  @ApiProperty({ description: 'How many notifications were unread' })
  updated!: number;
}

export class EmailPreferencesDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.sent'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.status_changed'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.assigned'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'message.posted'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.overdue'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'referral.redacted'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'consent.withdrawn'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'consent.expiring'?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() 'consent.expired'?: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({ enum: NOTIFICATION_LANGUAGES, description: 'Language of e-mails' })
  @IsIn(NOTIFICATION_LANGUAGES)
  language!: NotificationLanguage;

  @ApiPropertyOptional({
    type: EmailPreferencesDto,
    description: 'E-mail on (true) or off (false) per notification kind; a kind left out is on',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailPreferencesDto)
  email?: EmailPreferencesDto;

  @ApiProperty({ enum: DIGEST_MODES, description: 'instant: one e-mail per event; daily: one summary a day' })
  @IsIn(DIGEST_MODES)
  digest!: DigestMode;
}

export class PreferencesResponse {
  @ApiProperty({ enum: NOTIFICATION_LANGUAGES })
  language!: NotificationLanguage;

  @ApiProperty({ type: EmailPreferencesDto, description: 'Every kind, true when e-mail is on' })
  email!: Record<NotificationKind, boolean>;

  @ApiProperty({ enum: DIGEST_MODES })
  digest!: DigestMode;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: the defaults apply' })
  updatedAt!: string | null;
}
