// HTTP shapes of guidance contacts and group events (api.md). Bodies and queries are the clients
// service's payload classes, so a bad field is refused here with 400 naming it, and again there.
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  AGE_BANDS,
  CLIENT_NEED_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_DURATIONS,
  CONTACT_GENDERS,
  CONTACT_KINDS,
  ListContactsPayload,
  ListGroupEventsPayload,
  RecordContactPayload,
  RecordGroupEventPayload,
  type AgeBand,
  type ClientNeedCategory,
  type ContactChannel,
  type ContactDuration,
  type ContactGender,
  type ContactKind,
} from '#contracts';

export class RecordContactDto extends RecordContactPayload {}
export class RecordGroupEventDto extends RecordGroupEventPayload {}

/** Query strings arrive as text: `limit` is converted before it is validated. */
export class ListContactsQuery extends ListContactsPayload {
  @Type(() => Number)
  declare limit?: number;
}

export class ListGroupEventsQuery extends ListGroupEventsPayload {
  @Type(() => Number)
  declare limit?: number;
}

export class AnonymousContactResponse {
  @ApiProperty({ enum: AGE_BANDS }) ageBand!: AgeBand;
  @ApiProperty({ enum: CONTACT_GENDERS }) gender!: ContactGender;
  @ApiProperty({ example: '743' }) municipality!: string;
}

export class ContactResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel!: ContactChannel;
  @ApiProperty({ enum: CLIENT_NEED_CATEGORIES, isArray: true }) topics!: ClientNeedCategory[];
  @ApiProperty() language!: string;
  @ApiProperty() interpreter!: boolean;
  @ApiProperty({ enum: CONTACT_DURATIONS }) duration!: ContactDuration;
  @ApiProperty({ enum: CONTACT_KINDS }) kind!: ContactKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) clientId!: string | null;
  @ApiProperty({ type: AnonymousContactResponse, nullable: true })
  anonymous!: AnonymousContactResponse | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ContactPageResponse {
  @ApiProperty({ type: [ContactResponse] }) items!: ContactResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class GroupEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: CLIENT_NEED_CATEGORIES, isArray: true }) topics!: ClientNeedCategory[];
  @ApiProperty() attendance!: number;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GroupEventPageResponse {
  @ApiProperty({ type: [GroupEventResponse] }) items!: GroupEventResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
