import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateServicePayload,
  ListServicesPayload,
  ServiceIdPayload,
  UpdateServicePayload,
  type Envelope,
  type ReplyOf,
  type RequestSubject,
} from '#contracts';
import { EnvelopePayloadPipe, RpcErrorFilter } from '#messaging';
import { ServicesService } from './services.service.js';

const subject = <S extends RequestSubject>(name: S): S => name;

// Bound here too: the global RpcErrorFilter of a hybrid app is not applied to its listeners.
@UseFilters(new RpcErrorFilter())
@Controller()
export class ServicesController {
  constructor(private readonly services: ServicesService) {}

  @MessagePattern(subject('partners.service.list'))
  list(
    @Payload(new EnvelopePayloadPipe(ListServicesPayload)) msg: Envelope<ListServicesPayload>,
  ): Promise<ReplyOf<'partners.service.list'>> {
    return this.services.list(msg.actor, msg.data);
  }

  @MessagePattern(subject('partners.service.get'))
  get(
    @Payload(new EnvelopePayloadPipe(ServiceIdPayload)) msg: Envelope<ServiceIdPayload>,
  ): Promise<ReplyOf<'partners.service.get'>> {
    return this.services.get(msg.actor, msg.data);
  }

  @MessagePattern(subject('partners.service.create'))
  create(
    @Payload(new EnvelopePayloadPipe(CreateServicePayload)) msg: Envelope<CreateServicePayload>,
  ): Promise<ReplyOf<'partners.service.create'>> {
    return this.services.create(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('partners.service.update'))
  update(
    @Payload(new EnvelopePayloadPipe(UpdateServicePayload)) msg: Envelope<UpdateServicePayload>,
  ): Promise<ReplyOf<'partners.service.update'>> {
    return this.services.update(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('partners.service.delete'))
  remove(
    @Payload(new EnvelopePayloadPipe(ServiceIdPayload)) msg: Envelope<ServiceIdPayload>,
  ): Promise<ReplyOf<'partners.service.delete'>> {
    return this.services.remove(msg.actor, msg.data, msg.correlationId);
  }
}
