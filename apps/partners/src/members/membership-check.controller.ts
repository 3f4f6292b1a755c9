// Is a user an active member of an organisation? Asked by other services acting for a member of
// that organisation (the referrals service, before assigning a referral) or as the system actor.
import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { DataSource } from 'typeorm';
import {
  partnersSubject,
  type Actor,
  type Envelope,
  type MemberKind,
  type MembershipCheckReply,
  type MembershipCheckRequest,
  requireActor,
  isSystemActor,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { requireOrganisationReader } from '../access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MembershipCheckPayload implements MembershipCheckRequest {
  @IsUUID() organisationId!: string;
  /** Any string: user ids that are not uuids are simply no members. */
  @IsString() @MinLength(1) @MaxLength(100) userId!: string;
}

@Injectable()
export class MembershipCheckService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Only for the organisation's own members (another organisation's: 404), platform administrators
   * and the system: whether someone belongs to an organisation is the organisation's business.
   */
  async check(actor: Actor | null, input: MembershipCheckRequest): Promise<MembershipCheckReply> {
    if (!isSystemActor(requireActor(actor, 'user_or_system'))) {
      requireOrganisationReader(actor, input.organisationId);
    }
    if (!UUID.test(input.userId)) {
      return { member: false };
    }
    // A deactivated organisation has no active members: they lost access with it.
    const rows = await this.dataSource.query<{ kind: MemberKind }[]>(
      `SELECT m."kind" FROM "partners"."memberships" m
         JOIN "partners"."organisations" o ON o."id" = m."organisation_id"
        WHERE m."organisation_id" = $1 AND m."user_id" = $2 AND m."status" = 'active'
          AND o."status" <> 'deactivated'
        LIMIT 1`,
      [input.organisationId, input.userId],
    );
    return rows.length > 0 ? { member: true, kind: rows[0].kind } : { member: false };
  }
}

@Controller()
export class MembershipCheckController {
  constructor(private readonly service: MembershipCheckService) {}

  @MessagePattern(partnersSubject('partners.membership.check'))
  check(
    @Payload(new EnvelopePayloadPipe(MembershipCheckPayload)) msg: Envelope<MembershipCheckPayload>,
  ): Promise<MembershipCheckReply> {
    return this.service.check(msg.actor, msg.data);
  }
}
