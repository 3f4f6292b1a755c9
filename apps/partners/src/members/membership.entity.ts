import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MemberKind, MemberRole, MembershipStatus, NotificationLanguage } from '#contracts';

@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  role!: MemberRole;

  @Column({ type: 'text' })
  status!: MembershipStatus;

  /** The verified e-mail the user last logged in with (for the member list). */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** The name the user last logged in with (the token's name, else username): for colleagues. */
  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  /** Set from the token at each sign-in: a service account's membership is a system's. */
  @Column({ type: 'text', default: 'person' })
  kind!: MemberKind;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'invitations' })
export class InvitationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** Lower-cased: the invitation is bound to it. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  role!: MemberRole;

  @Column({ name: 'invited_by', type: 'uuid' })
  invitedBy!: string;

  /** The language of the invitation e-mail; null: the organisation's, else Finnish. */
  @Column({ type: 'text', nullable: true })
  language!: NotificationLanguage | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'accepted_by', type: 'uuid', nullable: true })
  acceptedBy!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
