// Who hears of what concerns an organisation: its active members and its intake address. Asked by
// the notifications service (as the system actor) when it routes an event; never by the gateway.
import { Controller, Injectable, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  OrganisationRecipientsPayload,
  partnersSubject,
  type Actor,
  type Envelope,
  type NotificationLanguage,
  type OrganisationRecipients,
  requireActor,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';

@Injectable()
export class OrganisationRecipientsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recipients(actor: Actor | null, organisationId: string): Promise<OrganisationRecipients> {
    requireActor(actor, 'system');
    // A deactivated organisation hears nothing: its members lost access.
    const [organisation] = await this.dataSource.query<
      { intake_email: string | null; intake_language: NotificationLanguage | null }[]
    >(
      `SELECT "intake_email", "intake_language" FROM "partners"."organisations" WHERE "id" = $1 AND "status" <> 'deactivated'`,
      [organisationId],
    );
    if (!organisation) {
      return { organisationId, members: [], intakeEmail: null, intakeLanguage: null };
    }
    const members = await this.dataSource.query<{ user_id: string; email: string | null; role: string }[]>(
      `SELECT "user_id", "email", "role" FROM "partners"."memberships"
        WHERE "organisation_id" = $1 AND "status" = 'active' ORDER BY "created_at", "id"`,
      [organisationId],
    );
    return {
      organisationId,
      members: members.map((row) => ({
        userId: row.user_id,
        email: row.email,
        role: row.role,
        language: null,
      })),
      intakeEmail: organisation.intake_email,
      intakeLanguage: organisation.intake_language,
    };
  }
}

@Controller()
export class OrganisationRecipientsController {
  constructor(private readonly service: OrganisationRecipientsService) {}

  @MessagePattern(partnersSubject('partners.organisation.recipients'))
  recipients(
    @Payload(new EnvelopePayloadPipe(OrganisationRecipientsPayload))
    msg: Envelope<OrganisationRecipientsPayload>,
  ): Promise<OrganisationRecipients> {
    return this.service.recipients(msg.actor, msg.data.organisationId);
  }
}

/** Import into the partners app module. */
@Module({ controllers: [OrganisationRecipientsController], providers: [OrganisationRecipientsService] })
export class OrganisationRecipientsModule {}
