import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ClientIdPayload, type Envelope } from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { RightsService } from './rights.service.js';

@Controller()
export class RightsController {
  constructor(private readonly rights: RightsService) {}

  @MessagePattern('clients.client.export')
  export(@Payload(new EnvelopePayloadPipe(ClientIdPayload)) msg: Envelope<ClientIdPayload>) {
    return this.rights.export(msg.actor, msg.data.clientId, msg.correlationId);
  }

  @MessagePattern('clients.client.erase')
  erase(@Payload(new EnvelopePayloadPipe(ClientIdPayload)) msg: Envelope<ClientIdPayload>) {
    return this.rights.erase(msg.actor, msg.data.clientId, msg.correlationId);
  }
}
