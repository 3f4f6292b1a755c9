import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuditSearchPayload,
  DisclosureListPayload,
  RecordAuditEntryPayload,
  type AuditRequests,
  type Envelope,
  type ReplyOf,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { AuditLogService } from './audit-log.service.js';
import { ChainVerificationService } from './chain-verification.service.js';

const subject = <S extends keyof AuditRequests>(name: S): S => name;

@Controller()
export class AuditLogController {
  constructor(
    private readonly audit: AuditLogService,
    private readonly verification: ChainVerificationService,
  ) {}

  @MessagePattern(subject('audit.entry.record'))
  record(
    @Payload(new EnvelopePayloadPipe(RecordAuditEntryPayload)) msg: Envelope<RecordAuditEntryPayload>,
  ): Promise<ReplyOf<'audit.entry.record'>> {
    return this.audit.record(msg.actor, msg.data, msg);
  }

  @MessagePattern(subject('audit.entry.search'))
  search(
    @Payload(new EnvelopePayloadPipe(AuditSearchPayload)) msg: Envelope<AuditSearchPayload>,
  ): Promise<ReplyOf<'audit.entry.search'>> {
    return this.audit.search(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern(subject('audit.chain.verification'))
  verifyChain(
    @Payload(new EnvelopePayloadPipe()) msg: Envelope<unknown>,
  ): Promise<ReplyOf<'audit.chain.verification'>> {
    return this.verification.verify(msg.actor);
  }

  @MessagePattern(subject('audit.disclosure.list'))
  disclosures(
    @Payload(new EnvelopePayloadPipe(DisclosureListPayload)) msg: Envelope<DisclosureListPayload>,
  ): Promise<ReplyOf<'audit.disclosure.list'>> {
    return this.audit.disclosures(msg.actor, msg.data.clientId, msg.correlationId);
  }
}
