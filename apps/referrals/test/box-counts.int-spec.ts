// The inbox and outbox counters, kept by triggers on the referrals table: changed at the commit
// since BoxCountsAtCommit, at each statement before it (its `down`). Both must agree with the rows
// after inserts, moves, sending, deletions and a rolled-back change.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '#database';
import { createTestDatabase, type TestDatabase } from '#testing';
import { Referrals1764400000000 } from '../src/migrations/1764400000000-Referrals.js';
import { InboxCounts1764700000000 } from '../src/migrations/1764700000000-InboxCounts.js';
import { InboxCountsSentOnly1764800000000 } from '../src/migrations/1764800000000-InboxCountsSentOnly.js';
import { BoxCountsAtCommit1765100000000 } from '../src/migrations/1765100000000-BoxCountsAtCommit.js';

const sender = randomUUID();
const receivers = [randomUUID(), randomUUID()];

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('referrals_box_counts');
  dataSource = new DataSource(
    serviceDataSourceOptions({
      url: db.url,
      schema: 'referrals',
      entities: [],
      migrations: [
        Referrals1764400000000,
        InboxCounts1764700000000,
        InboxCountsSentOnly1764800000000,
        BoxCountsAtCommit1765100000000,
      ],
    }),
  );
  await dataSource.initialize();
  await dataSource.query('CREATE SCHEMA IF NOT EXISTS "referrals"');
  await dataSource.runMigrations({ transaction: 'each' });
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

async function insert(receiver: string, status: string, sent: boolean): Promise<string> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO "referrals"."referrals" ("id", "kind", "client_id", "sending_organisation_id",
      "sending_organisation_name", "sender_user_id", "receiving_organisation_id", "receiving_organisation_name",
      "need", "reason_encrypted", "urgency", "status", "sent_at")
     VALUES ($1, 'platform', $2, $3, '{"fi":"MONI"}', 'user-1', $4, '{"fi":"Kela"}', 'employment', 'x', 'routine',
      $5, CASE WHEN $6 THEN now() END)`,
    [id, randomUUID(), sender, receiver, status, sent],
  );
  return id;
}

const countsSql = `SELECT organisation_id::text, box, status, count::int FROM "referrals"."referral_box_counts"
  WHERE count <> 0 ORDER BY 1, 2, 3`;

/** The counters that are not zero, and what the rows say they should be. */
async function keptAndRecounted(): Promise<{ kept: unknown[]; recounted: unknown[] }> {
  const kept = await dataSource.query(countsSql);
  const recounted = await dataSource.query(
    `SELECT organisation_id::text, box, status, count(*)::int AS count FROM (
       SELECT receiving_organisation_id AS organisation_id, 'incoming' AS box, status FROM "referrals"."referrals"
        WHERE receiving_organisation_id IS NOT NULL AND sent_at IS NOT NULL
       UNION ALL SELECT sending_organisation_id, 'outgoing', status FROM "referrals"."referrals") AS rows
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return { kept, recounted };
}

/** A round of changes of every kind the service makes, the counters checked after it. */
async function changeEverything(): Promise<void> {
  const draft = await insert(receivers[0], 'draft', false);
  const a = await insert(receivers[0], 'requested', true);
  const b = await insert(receivers[1], 'requested', true);
  const gone = await insert(receivers[1], 'received', true);
  // Sent: into the receiver's incoming box.
  await dataSource.query(
    `UPDATE "referrals"."referrals" SET status = 'requested', sent_at = now() WHERE id = $1`,
    [draft],
  );
  // Two moves of one referral in one transaction, and another one's: counted once each at the end.
  await dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE "referrals"."referrals" SET status = 'received' WHERE id = $1`, [a]);
    await manager.query(`UPDATE "referrals"."referrals" SET status = 'accepted' WHERE id = $1`, [a]);
    await manager.query(`UPDATE "referrals"."referrals" SET status = 'cancelled' WHERE id = $1`, [b]);
  });
  // A change that moves nothing, one that is rolled back, and a deletion.
  await dataSource.query(`UPDATE "referrals"."referrals" SET assignee_id = 'user-2' WHERE id = $1`, [a]);
  await dataSource
    .transaction(async (manager) => {
      await manager.query(`UPDATE "referrals"."referrals" SET status = 'completed' WHERE id = $1`, [a]);
      throw new Error('rolled back');
    })
    .catch(() => undefined);
  await dataSource.query(`DELETE FROM "referrals"."referrals" WHERE id = $1`, [gone]);
}

it('counts at the commit: the rows and the counters agree after every kind of change', async () => {
  await changeEverything();
  const { kept, recounted } = await keptAndRecounted();
  expect(recounted).toHaveLength(6);
  expect(kept).toEqual(recounted);
});

it('holds no counter while a change is in progress, and changes them at its commit', async () => {
  // Every referral of an organisation changes the same few counters (its outgoing "requested", the
  // employment services' incoming one), each locked until the commit once changed; changed at the
  // statement, a create or transition held them over the rest of its transaction, and the
  // organisation's other creates and transitions waited in line.
  // The four counters of the test exist whatever ran before: requested and received, both sides.
  await insert(receivers[0], 'received', true);
  const moving = await insert(receivers[0], 'requested', true);
  const before = await keptAndRecounted();
  const runner = dataSource.createQueryRunner();
  const probe = dataSource.createQueryRunner();
  await runner.connect();
  await probe.connect();
  try {
    await runner.startTransaction();
    await runner.query(
      `INSERT INTO "referrals"."referrals" ("id", "kind", "client_id", "sending_organisation_id",
        "sending_organisation_name", "sender_user_id", "receiving_organisation_id", "receiving_organisation_name",
        "need", "reason_encrypted", "urgency", "status", "sent_at")
       VALUES ($1, 'platform', $2, $3, '{"fi":"MONI"}', 'user-1', $4, '{"fi":"Kela"}', 'employment', 'x', 'routine',
        'requested', now())`,
      [randomUUID(), randomUUID(), sender, receivers[0]],
    );
    await runner.query(`UPDATE "referrals"."referrals" SET status = 'received' WHERE id = $1`, [moving]);
    // Another transaction may take every one of them at once (NOWAIT fails on a locked row) ...
    await probe.startTransaction();
    const free: unknown[] = await probe.query(
      `SELECT 1 FROM "referrals"."referral_box_counts"
        WHERE organisation_id = ANY($1::uuid[]) AND status IN ('requested', 'received') FOR UPDATE NOWAIT`,
      [[sender, receivers[0]]],
    );
    expect(free).toHaveLength(4);
    await probe.rollbackTransaction();
    // ... and the change's own transaction does not see them changed yet.
    expect(await runner.query(countsSql)).toEqual(before.kept);
    await runner.commitTransaction();
  } finally {
    for (const open of [runner, probe]) {
      if (open.isTransactionActive) {
        await open.rollbackTransaction();
      }
      await open.release();
    }
  }
  const { kept, recounted } = await keptAndRecounted();
  expect(kept).not.toEqual(before.kept);
  expect(kept).toEqual(recounted);
});

/** The counter triggers on the referrals table: how many, and how many of them deferred. */
async function counterTriggers(): Promise<{ all: number; deferred: number }> {
  const [row] = await dataSource.query<{ all: number; deferred: number }[]>(
    `SELECT count(*)::int AS all, (count(*) FILTER (WHERE tgdeferrable AND tginitdeferred))::int AS deferred
       FROM pg_trigger
      WHERE tgrelid = '"referrals"."referrals"'::regclass AND tgname LIKE 'referrals_box_counts_%'`,
  );
  return row;
}

it('is reversible: after down the statement triggers count again, and after up the deferred ones', async () => {
  expect(await counterTriggers()).toEqual({ all: 3, deferred: 3 });
  await dataSource.undoLastMigration({ transaction: 'each' });
  expect(await counterTriggers()).toEqual({ all: 3, deferred: 0 });
  await changeEverything();
  const afterDown = await keptAndRecounted();
  expect(afterDown.kept).toEqual(afterDown.recounted);

  await dataSource.runMigrations({ transaction: 'each' });
  expect(await counterTriggers()).toEqual({ all: 3, deferred: 3 });
  await changeEverything();
  const afterUp = await keptAndRecounted();
  expect(afterUp.kept).toEqual(afterUp.recounted);
});
