import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateServicePayload,
  ListServicesPayload,
  partnersSubject,
  ServiceIdPayload,
  UpdateServicePayload,
  type Envelope,
  type ReplyOf,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ServicesService } from './services.service.js';

@Controller()
export class ServicesController {
  constructor(private readonly services: ServicesService) {}

  @MessagePattern(partnersSubject('partners.service.list'))
  list(
    @Payload(new EnvelopePayloadPipe(ListServicesPayload)) msg: Envelope<ListServicesPayload>,
  ): Promise<ReplyOf<'partners.service.list'>> {
    return this.services.list(msg.actor, msg.data);
  }

  @MessagePattern(partnersSubject('partners.service.get'))
  get(
    @Payload(new EnvelopePayloadPipe(ServiceIdPayload)) msg: Envelope<ServiceIdPayload>,
  ): Promise<ReplyOf<'partners.service.get'>> {
    return this.services.get(msg.actor, msg.data);
  }

  @MessagePattern(partnersSubject('partners.service.create'))
  create(
    @Payload(new EnvelopePayloadPipe(CreateServicePayload)) msg: Envelope<CreateServicePayload>,
  ): Promise<ReplyOf<'partners.service.create'>> {
    return this.services.create(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(partnersSubject('partners.service.update'))
  update(
    @Payload(new EnvelopePayloadPipe(UpdateServicePayload)) msg: Envelope<UpdateServicePayload>,
  ): Promise<ReplyOf<'partners.service.update'>> {
    return this.services.update(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(partnersSubject('partners.service.delete'))
  remove(
    @Payload(new EnvelopePayloadPipe(ServiceIdPayload)) msg: Envelope<ServiceIdPayload>,
  ): Promise<ReplyOf<'partners.service.delete'>> {
    return this.services.remove(msg.actor, msg.data, msg.correlationId);
  }
}
