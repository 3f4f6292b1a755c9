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
    // A deactivated organisation hears nothing: its members lost access. One query: the
    // organisation and its active members who are people (a partner system's service account
    // reads the API, not notifications), in the order they joined.
    const [organisation] = await this.dataSource.query<
      {
        intake_email: string | null;
        intake_language: NotificationLanguage | null;
        members: { user_id: string; email: string | null; role: string }[];
      }[]
    >(
      `SELECT o."intake_email", o."intake_language",
              coalesce((SELECT json_agg(json_build_object('user_id', m."user_id", 'email', m."email", 'role', m."role")
                                        ORDER BY m."created_at", m."id")
                          FROM "partners"."memberships" m
                         WHERE m."organisation_id" = o."id" AND m."status" = 'active' AND m."kind" = 'person'), '[]') AS "members"
         FROM "partners"."organisations" o
        WHERE o."id" = $1 AND o."status" <> 'deactivated'`,
      [organisationId],
    );
    if (!organisation) {
      return { organisationId, members: [], intakeEmail: null, intakeLanguage: null };
    }
    const { members } = organisation;
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
