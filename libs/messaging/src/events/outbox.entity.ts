import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Envelope } from '#contracts';

// No schema on the entities: TypeORM puts them in the DataSource's `schema`, the service's own.

/** An event written in the same transaction as the state change it announces. */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['createdAt', 'id'], { where: '"published_at" IS NULL' })
export class OutboxEventEntity {
  /** The event id: also the Nats-Msg-Id, so a re-publish after a crash is dropped by JetStream. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'outbox_pkey' })
  id!: string;

  @Column('text')
  type!: string;

  @Column('text')
  subject!: string;

  /** The whole envelope, exactly as consumers receive it. */
  @Column('jsonb')
  payload!: Envelope<unknown>;

  // clock_timestamp(), not now(): rows of one transaction keep the order they were written in.
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}

/** One row per event a consumer has applied: inserting it first makes a redelivery a no-op. */
@Entity({ name: 'inbox' })
export class InboxEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'inbox_pkey' })
  consumer!: string;

  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'inbox_pkey' })
  eventId!: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt!: Date;
}

export const MESSAGING_ENTITIES = [OutboxEventEntity, InboxEntity];
