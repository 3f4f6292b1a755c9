// HTTP shapes of notifications (api.md). Request bodies and queries are the notifications
// service's own payload classes (#contracts, with their validators and OpenAPI decorators).
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  DIGEST_MODES,
  EmailPreferencesPayload,
  ListNotificationsPayload,
  NOTIFICATION_KINDS,
  NOTIFICATION_LANGUAGES,
  UpdatePreferencesPayload,
  type DigestMode,
  type NotificationKind,
  type NotificationLanguage,
} from '#contracts';
import { toBoolean } from '../http/query-boolean.js';

/** Query strings arrive as text: `unread` and `limit` are converted before they are validated. */
export class ListNotificationsQuery extends ListNotificationsPayload {
  @Transform(toBoolean)
  declare unread?: boolean;

  @Type(() => Number)
  declare limit?: number;
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

export class UpdatePreferencesDto extends UpdatePreferencesPayload {}

export class PreferencesResponse {
  @ApiProperty({ enum: NOTIFICATION_LANGUAGES })
  language!: NotificationLanguage;

  @ApiProperty({ type: EmailPreferencesPayload, description: 'Every kind, true when e-mail is on' })
  email!: Record<NotificationKind, boolean>;

  @ApiProperty({ enum: DIGEST_MODES })
  digest!: DigestMode;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: the defaults apply' })
  updatedAt!: string | null;
}
