import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcceptAgreementPayload,
  CreateOrganisationPayload,
  ListOrganisationsPayload,
  LookupOrganisationsPayload,
  OrganisationIdPayload,
  UpdateOrganisationPayload,
  type Envelope,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { OrganisationsService } from './organisations.service.js';

@Controller()
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @MessagePattern('partners.organisation.list')
  list(@Payload(new EnvelopePayloadPipe(ListOrganisationsPayload)) msg: Envelope<ListOrganisationsPayload>) {
    return this.organisations.list(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.organisation.get')
  get(@Payload(new EnvelopePayloadPipe(OrganisationIdPayload)) msg: Envelope<OrganisationIdPayload>) {
    return this.organisations.get(msg.actor, msg.data);
  }

  @MessagePattern('partners.organisation.lookup')
  lookup(
    @Payload(new EnvelopePayloadPipe(LookupOrganisationsPayload)) msg: Envelope<LookupOrganisationsPayload>,
  ) {
    return this.organisations.lookup(msg.actor, msg.data);
  }

  @MessagePattern('partners.organisation.create')
  create(
    @Payload(new EnvelopePayloadPipe(CreateOrganisationPayload)) msg: Envelope<CreateOrganisationPayload>,
  ) {
    return this.organisations.create(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.organisation.update')
  update(
    @Payload(new EnvelopePayloadPipe(UpdateOrganisationPayload)) msg: Envelope<UpdateOrganisationPayload>,
  ) {
    return this.organisations.update(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.organisation.accept_agreement')
  acceptAgreement(
    @Payload(new EnvelopePayloadPipe(AcceptAgreementPayload)) msg: Envelope<AcceptAgreementPayload>,
  ) {
    return this.organisations.acceptAgreement(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.organisation.deactivate')
  deactivate(@Payload(new EnvelopePayloadPipe(OrganisationIdPayload)) msg: Envelope<OrganisationIdPayload>) {
    return this.organisations.deactivate(msg.actor, msg.data, msg.correlationId);
  }

  @MessagePattern('partners.organisation.activate')
  activate(@Payload(new EnvelopePayloadPipe(OrganisationIdPayload)) msg: Envelope<OrganisationIdPayload>) {
    return this.organisations.activate(msg.actor, msg.data, msg.correlationId);
  }
}
