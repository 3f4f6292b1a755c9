// A consumer's inbox: the events it has applied, one row each, written in the transaction that
// applies them, so that a redelivered event is applied once.
import type { EntityManager } from 'typeorm';
import { InboxEntity } from './outbox.entity.js';
import { tableOf } from './sql.js';

/** True when the event was not in the consumer's inbox yet (now it is). */
export async function recordInInbox(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `INSERT INTO ${tableOf(manager, InboxEntity)} (consumer, event_id) VALUES ($1, $2)
      ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return rows.length === 1;
}

/** The ids (in lower case) of the events that were not in the consumer's inbox yet (now they are). */
export async function recordAllInInbox(
  manager: EntityManager,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  const rows = await manager.query<{ event_id: string }[]>(
    `INSERT INTO ${tableOf(manager, InboxEntity)} (consumer, event_id)
       SELECT $1, unnest($2::uuid[])
      ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventIds],
  );
  return new Set(rows.map((row) => row.event_id));
}
