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
  AppError,
  SYSTEM_ACTOR,
  type Actor,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { ReplayThrough, type ReplayReader } from '#service-core';
import { ReferralsService } from './referrals.service.js';

/**
 * Every subject here acts for a user: an envelope without one (or claiming to be the system) is
 * refused, never read as the system actor.
 */
export function userActor(actor: Actor | null): Actor {
  if (actor === null || actor.userId === SYSTEM_ACTOR.userId) {
    throw new AppError('AUTH.FORBIDDEN', 'The request has no user actor');
  }
  return actor;
}

/** A retried command (same idempotency key) reads the referral again, as the caller is allowed to now. */
const rereadReferral: ReplayReader<ReferralsService> = {
  service: ReferralsService,
  read: (referrals, actor, referralId, _data, correlationId) =>
    referrals.reread(actor, referralId, correlationId),
};

/** NATS handlers: one line each; the service holds the rules and authorises on the actor. */
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @MessagePattern('referrals.referral.create')
  @ReplayThrough(rereadReferral)
  create(@Payload(new EnvelopePayloadPipe(CreateReferralPayload)) msg: Envelope<CreateReferralPayload>) {
    return this.referrals.create(userActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.referral.get')
  get(@Payload(new EnvelopePayloadPipe(ReferralIdPayload)) msg: Envelope<ReferralIdPayload>) {
    return this.referrals.get(userActor(msg.actor), msg.data.referralId, msg.correlationId);
  }

  @MessagePattern('referrals.referral.list')
  list(@Payload(new EnvelopePayloadPipe(ListReferralsPayload)) msg: Envelope<ListReferralsPayload>) {
    return this.referrals.list(userActor(msg.actor), msg.data);
  }

  @MessagePattern('referrals.referral.transition')
  @ReplayThrough(rereadReferral)
  transition(
    @Payload(new EnvelopePayloadPipe(TransitionReferralPayload)) msg: Envelope<TransitionReferralPayload>,
  ) {
    return this.referrals.transition(userActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.referral.assign')
  @ReplayThrough(rereadReferral)
  assign(@Payload(new EnvelopePayloadPipe(AssignReferralPayload)) msg: Envelope<AssignReferralPayload>) {
    return this.referrals.assign(userActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.message.list')
  listMessages(@Payload(new EnvelopePayloadPipe(ListMessagesPayload)) msg: Envelope<ListMessagesPayload>) {
    return this.referrals.listMessages(userActor(msg.actor), msg.data, msg.correlationId);
  }

  @MessagePattern('referrals.message.post')
  postMessage(@Payload(new EnvelopePayloadPipe(PostMessagePayload)) msg: Envelope<PostMessagePayload>) {
    return this.referrals.postMessage(userActor(msg.actor), msg.data, msg.correlationId);
  }
}
