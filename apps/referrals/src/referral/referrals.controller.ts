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
  type Envelope,
  SYSTEM_ACTOR,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ReferralsService } from './referrals.service.js';

/** NATS handlers: one line each; the service holds the rules and authorises on the actor. */
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @MessagePattern('referrals.referral.create')
  create(@Payload(new EnvelopePayloadPipe(CreateReferralPayload)) msg: Envelope<CreateReferralPayload>) {
    return this.referrals.create(msg.actor ?? SYSTEM_ACTOR, msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.referral.get')
  get(@Payload(new EnvelopePayloadPipe(ReferralIdPayload)) msg: Envelope<ReferralIdPayload>) {
    return this.referrals.get(msg.actor ?? SYSTEM_ACTOR, msg.data.referralId, msg.correlationId);
  }

  @MessagePattern('referrals.referral.list')
  list(@Payload(new EnvelopePayloadPipe(ListReferralsPayload)) msg: Envelope<ListReferralsPayload>) {
    return this.referrals.list(msg.actor ?? SYSTEM_ACTOR, msg.data);
  }

  @MessagePattern('referrals.referral.transition')
  transition(
    @Payload(new EnvelopePayloadPipe(TransitionReferralPayload)) msg: Envelope<TransitionReferralPayload>,
  ) {
    return this.referrals.transition(msg.actor ?? SYSTEM_ACTOR, msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.referral.assign')
  assign(@Payload(new EnvelopePayloadPipe(AssignReferralPayload)) msg: Envelope<AssignReferralPayload>) {
    return this.referrals.assign(msg.actor ?? SYSTEM_ACTOR, msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.message.list')
  listMessages(@Payload(new EnvelopePayloadPipe(ListMessagesPayload)) msg: Envelope<ListMessagesPayload>) {
    return this.referrals.listMessages(msg.actor ?? SYSTEM_ACTOR, msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.message.post')
  postMessage(@Payload(new EnvelopePayloadPipe(PostMessagePayload)) msg: Envelope<PostMessagePayload>) {
    return this.referrals.postMessage(msg.actor ?? SYSTEM_ACTOR, msg.data, msg.correlationId);
  }
}
