import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuditChainVerificationView, AuditEntryData } from '#contracts';
import { eventually } from '#testing';
import {
  emitEvent,
  json,
  loginAs,
  startSystem,
  type ApiCaller,
  type RunningSystem,
} from '../support/system.js';

/** GET /audit/verification: the chain verified on request, and the audit search's target filter. */
describe("The audit chain's verification state and the target filter", () => {
  let system: RunningSystem;
  let admin: ApiCaller;

  async function record(entry: AuditEntryData) {
    const actor = {
      userId: randomUUID(),
      username: null,
      organisationId: null,
      role: 'partner_staff' as const,
      realmRoles: [],
    };
    await emitEvent(system, 'events.audit.entry.recorded', entry, {
      actor,
      correlationId: `corr-${randomUUID()}`,
    });
  }

  beforeAll(async () => {
    system = await startSystem();
    admin = await loginAs(system, 'admin');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('refuses the verification to anyone but platform_admin', async () => {
    for (const username of ['advisor', 'moni-admin', 'kela']) {
      const res = await (await loginAs(system, username)).get('/api/v1/audit/verification');
      expect(res.status).toBe(403);
      expect((await json(res)).code).toBe('AUTH.FORBIDDEN');
    }
  });

  it('finds entries by target type and id, and refuses a bad target type naming the field', async () => {
    const targetId = randomUUID();
    await record({
      action: 'organisation.updated',
      outcome: 'granted',
      targetType: 'organisation',
      targetId,
      organisationId: targetId,
      sourceService: 'partners',
    });
    await eventually(async () => {
      const page = await json(await admin.get(`/api/v1/audit?targetType=organisation&targetId=${targetId}`));
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        targetType: 'organisation',
        targetId,
        action: 'organisation.updated',
      });
    });
    const other = await json(await admin.get(`/api/v1/audit?targetType=referral&targetId=${targetId}`));
    expect(other.items).toHaveLength(0);
    const bad = await admin.get('/api/v1/audit?targetType=DROP%20TABLE');
    expect(bad.status).toBe(400);
    expect(JSON.stringify((await json(bad)).details)).toContain('targetType');
  });

  it('answers valid with the record count and the matching checkpoint, then broken once a record is changed', async () => {
    await record({
      action: 'referral.read',
      outcome: 'granted',
      targetType: 'referral',
      targetId: randomUUID(),
      organisationId: null,
    });
    const before = Date.now();
    let valid: AuditChainVerificationView | undefined;
    await eventually(async () => {
      const res = await admin.get('/api/v1/audit/verification');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      valid = await json(res);
      expect(valid).toMatchObject({
        state: 'valid',
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        checkpoint: { seq: expect.stringMatching(/^\d+$/), matches: true },
        checkpointNote: null,
        broken: null,
      });
    });
    if (!valid?.checkpoint) {
      throw new Error('no verification answered');
    }
    expect(BigInt(valid.records)).toBeGreaterThan(1n);
    expect(BigInt(valid.checkpoint.seq)).toBeLessThanOrEqual(BigInt(valid.records));
    expect(Date.parse(valid.checkedAt)).toBeGreaterThanOrEqual(before - 1000);

    const sql = new pg.Client({ connectionString: system.database.url });
    await sql.connect();
    try {
      // The read's entry reaches the log through the outbox and the audit consumer: wait for it.
      const rows = await eventually(async () => {
        const found = await sql.query<{ seq: string }>(
          `SELECT seq::text FROM audit.audit_log WHERE action = 'referral.read' ORDER BY seq LIMIT 1`,
        );
        expect(found.rows).toHaveLength(1);
        return found.rows;
      });
      // A superuser can get past the trigger; the chain is what catches it.
      await sql.query('ALTER TABLE audit.audit_log DISABLE TRIGGER audit_log_append_only');
      try {
        await sql.query(`UPDATE audit.audit_log SET target_id = 'changed' WHERE seq = $1`, [rows[0].seq]);
      } finally {
        await sql.query('ALTER TABLE audit.audit_log ENABLE TRIGGER audit_log_append_only');
      }
      const res = await admin.get('/api/v1/audit/verification');
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({
        state: 'broken',
        headHash: null,
        broken: { seq: rows[0].seq, kind: 'hash' },
      });
    } finally {
      await sql.end();
    }
  });
});
