import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssignReferralPayload,
  CreateReferralPayload,
  ListMessagesPayload,
  ListReferralsPayload,
  PostMessagePayload,
  ReferralIdPayload,
  TransitionReferralPayload,
  requireActor,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ReplayThrough, type ReplayReader } from '#service-core';
import { ReferralActions } from './referral-actions.js';
import { ReferralReads } from './referral-reads.js';
import { ReferralSending } from './referral-sending.js';

/** A retried command (same idempotency key) reads the referral again, as the caller is allowed to now. */
const rereadReferral: ReplayReader<ReferralReads> = {
  service: ReferralReads,
  read: (referrals, actor, referralId, _data, correlationId) =>
    referrals.reread(actor, referralId, correlationId),
};

/**
 * NATS handlers: one line each; the service holds the rules and authorises on the actor. Every
 * subject here acts for a user (`requireActor`'s default): no actor, or the system, is refused.
 */
@Controller()
export class ReferralsController {
  constructor(
    private readonly sending: ReferralSending,
    private readonly reads: ReferralReads,
    private readonly actions: ReferralActions,
  ) {}

  @MessagePattern('referrals.referral.create')
  @ReplayThrough(rereadReferral)
  create(@Payload(new EnvelopePayloadPipe(CreateReferralPayload)) msg: Envelope<CreateReferralPayload>) {
    return this.sending.create(requireActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.referral.get')
  get(@Payload(new EnvelopePayloadPipe(ReferralIdPayload)) msg: Envelope<ReferralIdPayload>) {
    return this.reads.get(requireActor(msg.actor), msg.data.referralId, msg.correlationId);
  }

  @MessagePattern('referrals.referral.list')
  list(@Payload(new EnvelopePayloadPipe(ListReferralsPayload)) msg: Envelope<ListReferralsPayload>) {
    return this.reads.list(requireActor(msg.actor), msg.data);
  }

  @MessagePattern('referrals.referral.transition')
  @ReplayThrough(rereadReferral)
  transition(
    @Payload(new EnvelopePayloadPipe(TransitionReferralPayload)) msg: Envelope<TransitionReferralPayload>,
  ) {
    return this.actions.transition(requireActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.referral.assign')
  @ReplayThrough(rereadReferral)
  assign(@Payload(new EnvelopePayloadPipe(AssignReferralPayload)) msg: Envelope<AssignReferralPayload>) {
    return this.actions.assign(requireActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.message.list')
  listMessages(@Payload(new EnvelopePayloadPipe(ListMessagesPayload)) msg: Envelope<ListMessagesPayload>) {
    return this.reads.listMessages(requireActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.message.post')
  postMessage(@Payload(new EnvelopePayloadPipe(PostMessagePayload)) msg: Envelope<PostMessagePayload>) {
    return this.actions.postMessage(requireActor(msg.actor), msg.data, msg.correlationId);
  }
}
