// `npm run faults [-- F8 F9 ...]`: the whole system as processes under a steady load, one fault at
// a time, each followed by the consistency checker; one row per scenario in tests/faults/results/
// (README.md there). Durations from FAULTS_* variables (see tests/faults/README.md).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { checkConsistency, pendingWork, type CheckResult } from './checker.js';
import { LoadGenerator, type Attempt } from './load.js';
import { SCENARIOS, type Durations, type ScenarioContext } from './scenarios.js';
import { FaultStack } from './stack.js';
import { writeReport, type Row } from './report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const env = process.env;
const seconds = (name: string, fallback: number): number => Number(env[name] ?? fallback) * 1000;

const durations: Durations = {
  warmupMs: seconds('FAULTS_WARMUP_S', 15),
  afterMs: seconds('FAULTS_AFTER_S', 20),
  natsDownMs: seconds('FAULTS_NATS_DOWN_S', 30),
  smtpRefusingMs: seconds('FAULTS_SMTP_REFUSING_S', 120),
  faultMs: seconds('FAULTS_FAULT_S', 45),
};
const wanted = process.argv.slice(2).map((id) => id.toUpperCase());
const scenarios = wanted.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => wanted.includes(s.id));
if (scenarios.length === 0 || scenarios.length < wanted.length) {
  process.stderr.write(
    `unknown scenario in ${wanted.join(' ')}; known: ${SCENARIOS.map((s) => s.id).join(' ')}\n`,
  );
  process.exit(64);
}

let selfTest = '';

/**
 * Proves the checker is not blind: after the scenarios, deletes a notification, an inbox row and a
 * message's audit entry, a box counter… (one change per kind of finding) and checks that each is reported.
 */
async function checkerSelfTest(
  adminUrl: string,
  natsUrl: string,
  load: LoadGenerator,
  stack: FaultStack,
): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const referral = load.operations.find((op) => op.op === 'referral.send' && op.status === 201)?.referralId;
    // Break one thing of each kind.
    await client.query(
      `DELETE FROM notifications.notifications WHERE id = (SELECT id FROM notifications.notifications WHERE referral_id = $1 AND kind = 'referral.sent' LIMIT 1)`,
      [referral],
    );
    await client.query(
      `INSERT INTO referrals.referral_messages (referral_id, author_user_id, author_organisation_id, body_encrypted)
        SELECT referral_id, author_user_id, author_organisation_id, body_encrypted FROM referrals.referral_messages LIMIT 1`,
    );
    await client.query(
      `DELETE FROM notifications.inbox WHERE ctid = (SELECT ctid FROM notifications.inbox LIMIT 1)`,
    );
    await client.query(
      `UPDATE referrals.outbox SET published_at = NULL WHERE id = (SELECT id FROM referrals.outbox LIMIT 1)`,
    );
    await client.query(
      `UPDATE referrals.referral_box_counts SET count = count + 1
        WHERE ctid = (SELECT ctid FROM referrals.referral_box_counts WHERE count > 0 LIMIT 1)`,
    );
    const check = await checkConsistency({
      adminUrl,
      natsUrl,
      operations: load.operations,
      mails: stack.smtp.mails,
    });
    const expected = ['no in-app notification', 'message', 'never applied', 'unpublished', 'box counter'];
    const missed = expected.filter((text) => !check.findings.some((f) => f.includes(text)));
    return missed.length === 0
      ? `the checker reported all ${expected.length} planted faults (${check.lost} lost, ${check.duplicated} duplicated)`
      : `the checker MISSED: ${missed.join(', ')}`;
  } finally {
    await client.end();
  }
}

const log = (text: string): void => {
  process.stdout.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
};

function summarise(
  attempts: readonly Attempt[],
  repairedAt: number,
): Pick<Row, 'requests' | 'ok' | 'errors' | 'recoveryMs'> {
  const errors: Record<string, number> = {};
  let lastFailure = 0;
  let ok = 0;
  for (const a of attempts) {
    if (a.status >= 200 && a.status < 300) {
      ok += 1;
      continue;
    }
    const key = a.status === 0 ? 'no answer' : String(a.status);
    errors[key] = (errors[key] ?? 0) + 1;
    if (a.status === 0 || a.status >= 500 || a.status === 409 || a.status === 429) {
      lastFailure = Math.max(lastFailure, a.at + a.ms);
    }
  }
  return {
    requests: attempts.length,
    ok,
    errors,
    recoveryMs: lastFailure === 0 ? null : Math.max(0, lastFailure - repairedAt),
  };
}

async function settle(
  stack: FaultStack,
  load: LoadGenerator,
  timeoutMs: number,
): Promise<{ check: CheckResult; ms: number }> {
  const started = Date.now();
  let previous = -1;
  for (;;) {
    const pending = await pendingWork(stack.adminUrl, stack.natsUrl).catch(() => null);
    const check = await checkConsistency({
      adminUrl: stack.adminUrl,
      natsUrl: stack.natsUrl,
      operations: load.operations,
      mails: stack.smtp.mails,
    });
    const quiet =
      pending !== null &&
      pending.unpublished === 0 &&
      pending.unacknowledged === 0 &&
      pending.queuedEmails === 0;
    // Settled: nothing left to publish, to apply or to send, and the findings no longer shrink (a
    // dead letter stays lost until someone replays it).
    if ((quiet && (check.lost === 0 || check.lost === previous)) || Date.now() - started > timeoutMs) {
      return { check, ms: Date.now() - started };
    }
    previous = quiet ? check.lost : -1;
    await sleep(5_000);
  }
}

async function main(): Promise<void> {
  const workDir = env.FAULTS_WORK_DIR ?? path.join(os.tmpdir(), 'moni-faults');
  const stack = new FaultStack({
    root,
    workDir,
    basePort: Number(env.FAULTS_BASE_PORT ?? 27400),
    env: {},
  });
  const gateways = [0];
  const load = new LoadGenerator({
    gatewayUrls: () => gateways.map((replica) => stack.gatewayUrl(replica)),
    idpUrl: () => stack.idpUrl,
    workers: Number(env.FAULTS_WORKERS ?? 4),
  });
  const rows: Row[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    await stack.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(130));
  process.on('SIGTERM', () => void stopAll(143));
  try {
    log(`starting the system in ${workDir} (logs in ${stack.logDir})`);
    await stack.start();
    log(`up: gateway ${stack.gatewayUrl(0)}, NATS ${stack.natsUrl}, PostgreSQL ${stack.adminUrl}`);
    for (const scenario of scenarios) {
      const notes: string[] = [];
      const ctx: ScenarioContext = { stack, durations, gateways, note: (text) => notes.push(text) };
      const fromAttempt = load.attempts.length;
      const fromOperation = load.operations.length;
      load.scenario = scenario.id;
      log(`${scenario.id}: ${scenario.title}`);
      load.start();
      await sleep(durations.warmupMs);
      try {
        await scenario.run(ctx);
      } catch (error) {
        // The fault itself went wrong (e.g. a process did not come back): say so in its row.
        notes.push(`the scenario failed: ${(error as Error).message}`);
        log(`${scenario.id}: ${(error as Error).message}`);
      }
      const repairedAt = Date.now();
      log(`${scenario.id}: repaired; load goes on for ${durations.afterMs / 1000} s`);
      await sleep(durations.afterMs);
      await load.stop();
      await scenario.cleanup?.(ctx);
      log(`${scenario.id}: load stopped; waiting for the system to settle, then checking`);
      const { check, ms } = await settle(stack, load, scenario.settleMs ?? 120_000);
      const operations = load.operations.slice(fromOperation);
      const row: Row = {
        id: scenario.id,
        title: scenario.title,
        ...summarise(load.attempts.slice(fromAttempt), repairedAt),
        operations: operations.length,
        operationsFailed: operations.filter((op) => op.status < 200 || op.status >= 300).length,
        lost: check.lost,
        duplicated: check.duplicated,
        failedButChanged: check.failedButChanged,
        settleMs: ms,
        findings: check.findings,
        notes: [...notes, ...check.notes],
      };
      rows.push(row);
      log(
        `${scenario.id}: ${row.requests} requests, ${row.ok} 2xx, errors ${JSON.stringify(row.errors)}, ` +
          `lost ${row.lost}, duplicated ${row.duplicated}, failed-but-changed ${row.failedButChanged}`,
      );
      for (const line of [...row.findings.slice(0, 10), ...row.notes]) {
        log(`  ${line}`);
      }
      writeResults(rows);
    }
    if (env.FAULTS_SELF_TEST !== 'false') {
      log('checker self-test: stopping the apps, then breaking the data on purpose');
      await stack.stopApps();
      const found = await checkerSelfTest(stack.adminUrl, stack.natsUrl, load, stack);
      log(`checker self-test: ${found}`);
      selfTest = found;
      writeResults(rows);
    }
  } finally {
    await load.stop().catch(() => undefined);
    await stack.stop().catch(() => undefined);
  }
  const bad = rows.filter((row) => row.lost + row.duplicated + row.failedButChanged > 0);
  log(bad.length === 0 ? 'nothing lost or duplicated' : `findings in ${bad.map((row) => row.id).join(', ')}`);
  process.exit(bad.length === 0 && !selfTest.includes('MISSED') ? 0 : 1);
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function writeResults(rows: Row[]): void {
  writeReport(env.FAULTS_RESULTS_DIR ?? path.join(root, 'tests', 'faults', 'results'), {
    at: new Date().toISOString(),
    machine: machine(),
    durations,
    workers: Number(env.FAULTS_WORKERS ?? 4),
    selfTest,
    rows,
  });
}

await main();
