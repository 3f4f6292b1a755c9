import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListContactsPayload,
  ListGroupEventsPayload,
  RecordContactPayload,
  RecordGroupEventPayload,
  StatisticsSnapshotPayload,
  type ClientsRequests,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { GuidanceService } from './guidance.service.js';

const subject = <S extends keyof ClientsRequests>(name: S): S => name;

@Controller()
export class GuidanceController {
  constructor(private readonly guidance: GuidanceService) {}

  @MessagePattern(subject('clients.contact.record'))
  recordContact(@Payload(new EnvelopePayloadPipe(RecordContactPayload)) msg: Envelope<RecordContactPayload>) {
    return this.guidance.recordContact(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('clients.contact.list'))
  listContacts(@Payload(new EnvelopePayloadPipe(ListContactsPayload)) msg: Envelope<ListContactsPayload>) {
    return this.guidance.listContacts(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('clients.group_event.record'))
  recordGroupEvent(
    @Payload(new EnvelopePayloadPipe(RecordGroupEventPayload)) msg: Envelope<RecordGroupEventPayload>,
  ) {
    return this.guidance.recordGroupEvent(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('clients.group_event.list'))
  listGroupEvents(
    @Payload(new EnvelopePayloadPipe(ListGroupEventsPayload)) msg: Envelope<ListGroupEventsPayload>,
  ) {
    return this.guidance.listGroupEvents(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('clients.statistics.snapshot'))
  snapshot(
    @Payload(new EnvelopePayloadPipe(StatisticsSnapshotPayload)) msg: Envelope<StatisticsSnapshotPayload>,
  ) {
    return this.guidance.snapshot(msg.actor, msg.data);
  }
}
