// HTTP shapes of referrals (api.md). Request bodies and queries are the referrals service's own
// payload classes (#contracts, with their validators and OpenAPI decorators), less the ids and
// versions that come from the path and If-Match; query strings are converted before validation.
import { ApiProperty, OmitType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  AssignReferralPayload,
  CreateReferralPayload,
  DATA_CATEGORIES,
  ListMessagesPayload,
  ListReferralsPayload,
  NEED_CATEGORIES,
  OUTCOMES,
  PostMessagePayload,
  REFERRAL_STATUSES,
  TransitionReferralPayload,
  URGENCIES,
  type DataCategory,
  type NeedCategory,
  type ReferralStatus,
  type Urgency,
} from '#contracts';
import { LocalisedTextResponse } from '../http/localised-text.js';
import { toBoolean } from '../http/query-boolean.js';
import { toList } from '../http/query-list.js';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class CreateReferralDto extends CreateReferralPayload {}

export class TransitionReferralDto extends OmitType(TransitionReferralPayload, [
  'referralId',
  'expectedVersion',
]) {}

export class AssignReferralDto extends PickType(AssignReferralPayload, ['assigneeId']) {}

export class ListReferralsQuery extends ListReferralsPayload {
  @Transform(toList) declare status?: ReferralStatus[];
  @Transform(toBoolean) declare overdue?: boolean;
  @Transform(toInt) declare limit?: number;
}

export class ListMessagesQuery extends PickType(ListMessagesPayload, ['cursor', 'limit']) {
  @Transform(toInt) declare limit?: number;
}

export class PostMessageDto extends PickType(PostMessagePayload, ['body']) {}

// Responses, for the OpenAPI document.

class OrganisationSnapshotResponse {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for a logged referral' })
  id!: string | null;
  @ApiProperty({ type: LocalisedTextResponse, description: 'As it was when the referral was made' })
  name!: LocalisedTextResponse;
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
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'null for the receiving organisation once the consent ended, and for everyone once the client was erased',
  })
  reason!: string | null;
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
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The author's name as they signed in; null for older messages",
  })
  authorName!: string | null;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null when redacted' }) body!: string | null;
  @ApiProperty({
    description:
      'The body is withheld: the consent ended (for the receiving organisation) or the client was erased',
  })
  redacted!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReferralMessageListResponse {
  @ApiProperty({ type: ReferralMessageResponse, isArray: true }) items!: ReferralMessageResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
