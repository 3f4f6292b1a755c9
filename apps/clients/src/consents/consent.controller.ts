import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClientIdPayload,
  ConsentCheckPayload,
  ConsentReceiptPayload,
  DisclosureSnapshotPayload,
  ExpiringConsentsPayload,
  RecordConsentPayload,
  WithdrawConsentPayload,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ReceiptService } from '../receipts/receipt.service.js';
import { ConsentService } from './consent.service.js';

@Controller()
export class ConsentController {
  constructor(
    private readonly consents: ConsentService,
    private readonly receipts: ReceiptService,
  ) {}

  @MessagePattern('clients.consent.list')
  list(@Payload(new EnvelopePayloadPipe(ClientIdPayload)) msg: Envelope<ClientIdPayload>) {
    return this.consents.list(msg.actor, msg.data.clientId, msg.correlationId);
  }

  @MessagePattern('clients.consent.record')
  record(@Payload(new EnvelopePayloadPipe(RecordConsentPayload)) msg: Envelope<RecordConsentPayload>) {
    return this.consents.record(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.consent.withdraw')
  withdraw(@Payload(new EnvelopePayloadPipe(WithdrawConsentPayload)) msg: Envelope<WithdrawConsentPayload>) {
    return this.consents.withdraw(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.consent.expiring')
  expiring(
    @Payload(new EnvelopePayloadPipe(ExpiringConsentsPayload)) msg: Envelope<ExpiringConsentsPayload>,
  ) {
    return this.consents.expiring(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.consent.receipt')
  receipt(@Payload(new EnvelopePayloadPipe(ConsentReceiptPayload)) msg: Envelope<ConsentReceiptPayload>) {
    return this.receipts.receipt(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.consent.check')
  check(@Payload(new EnvelopePayloadPipe(ConsentCheckPayload)) msg: Envelope<ConsentCheckPayload>) {
    return this.consents.check(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('clients.disclosure.snapshot')
  snapshot(
    @Payload(new EnvelopePayloadPipe(DisclosureSnapshotPayload)) msg: Envelope<DisclosureSnapshotPayload>,
  ) {
    return this.consents.snapshot(msg.actor, msg.data, msg.correlationId);
  }
}
