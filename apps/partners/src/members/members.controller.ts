import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  InvitationRefPayload,
  InviteMemberPayload,
  ListMembersPayload,
  MemberRefPayload,
  ResolveMembershipPayload,
  UpdateMemberPayload,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { InvitationsService } from './invitations.service.js';
import { MembersService } from './members.service.js';
import { MembershipService } from './membership.service.js';

@Controller()
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly invites: InvitationsService,
    private readonly memberships: MembershipService,
  ) {}

  @MessagePattern('partners.membership.resolve')
  resolve(
    @Payload(new EnvelopePayloadPipe(ResolveMembershipPayload)) msg: Envelope<ResolveMembershipPayload>,
  ) {
    return this.memberships.resolve(msg.data, msg.correlationId);
  }

  @MessagePattern('partners.member.list')
  list(@Payload(new EnvelopePayloadPipe(ListMembersPayload)) msg: Envelope<ListMembersPayload>) {
    return this.members.list(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.member.colleagues')
  colleagues(@Payload(new EnvelopePayloadPipe(ListMembersPayload)) msg: Envelope<ListMembersPayload>) {
    return this.members.colleagues(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.invitation.list')
  invitations(@Payload(new EnvelopePayloadPipe(ListMembersPayload)) msg: Envelope<ListMembersPayload>) {
    return this.invites.invitations(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.member.invite')
  invite(@Payload(new EnvelopePayloadPipe(InviteMemberPayload)) msg: Envelope<InviteMemberPayload>) {
    return this.invites.invite(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.member.update')
  update(@Payload(new EnvelopePayloadPipe(UpdateMemberPayload)) msg: Envelope<UpdateMemberPayload>) {
    return this.members.update(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.member.deactivate')
  deactivate(@Payload(new EnvelopePayloadPipe(MemberRefPayload)) msg: Envelope<MemberRefPayload>) {
    return this.members.deactivate(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.invitation.get')
  getInvitation(@Payload(new EnvelopePayloadPipe(InvitationRefPayload)) msg: Envelope<InvitationRefPayload>) {
    return this.invites.getInvitation(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.invitation.revoke')
  revokeInvitation(
    @Payload(new EnvelopePayloadPipe(InvitationRefPayload)) msg: Envelope<InvitationRefPayload>,
  ) {
    return this.invites.revokeInvitation(msg.actor, msg.data, msg.correlationId);
  }
}
