// Who hears of what concerns an organisation: for the notifications service (system actor only).
import { IsUUID } from 'class-validator';
import type { NotificationLanguage } from '../notifications/kinds.js';

export class OrganisationRecipientsPayload {
  @IsUUID()
  organisationId!: string;
}

export interface RecipientMember {
  /** The member's user id (the token's subject). */
  userId: string;
  email: string | null;
  /** The member's role in the organisation (org_admins hear of membership changes). */
  role?: string;
  /** The member's language when known (fi, sv, en); null lets the notifications preferences decide. */
  language: string | null;
}

export interface OrganisationRecipients {
  organisationId: string;
  /** Active members of the organisation; empty when it is unknown or deactivated. */
  members: RecipientMember[];
  /** The organisation's intake e-mail address, if it has one. */
  intakeEmail: string | null;
  /** The organisation's preferred language (its intake language), if it has one. */
  intakeLanguage?: NotificationLanguage | null;
}
