import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClientIdPayload,
  CreateClientPayload,
  ListClientsPayload,
  UpdateClientPayload,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ReplayThrough, type ReplayReader } from '#service-core';
import { ClientService } from './client.service.js';

/** A retried command (same idempotency key) reads the client again as the caller: erased or not theirs, no data. */
const rereadClient: ReplayReader<ClientService> = {
  service: ClientService,
  read: (clients, actor, clientId, _data, correlationId) => clients.get(actor, clientId, correlationId),
};

@Controller()
export class ClientController {
  constructor(private readonly clients: ClientService) {}

  @MessagePattern('clients.client.create')
  @ReplayThrough(rereadClient)
  create(@Payload(new EnvelopePayloadPipe(CreateClientPayload)) msg: Envelope<CreateClientPayload>) {
    return this.clients.create(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.client.list')
  list(@Payload(new EnvelopePayloadPipe(ListClientsPayload)) msg: Envelope<ListClientsPayload>) {
    return this.clients.list(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.client.get')
  get(@Payload(new EnvelopePayloadPipe(ClientIdPayload)) msg: Envelope<ClientIdPayload>) {
    return this.clients.get(msg.actor, msg.data.clientId, msg.correlationId);
  }

  @MessagePattern('clients.client.update')
  @ReplayThrough(rereadClient)
  update(@Payload(new EnvelopePayloadPipe(UpdateClientPayload)) msg: Envelope<UpdateClientPayload>) {
    return this.clients.update(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.client.summary')
  summary(@Payload(new EnvelopePayloadPipe(ClientIdPayload)) msg: Envelope<ClientIdPayload>) {
    return this.clients.summary(msg.actor, msg.data.clientId, msg.correlationId);
  }
}
