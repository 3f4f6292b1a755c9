// `npm run bench:ab`: this working tree's stack and another version's (BENCH_AB_BASE, a git ref;
// default HEAD) side by side, both started as `npm start` runs them, each with its own database and
// nats-server, driven at once at the same open-loop rate, their CPU read from /proc per process. One
// run of bench:api cannot show a change of a few per cent on this machine (the same code measured 36
// to 68 ms of CPU per referral in one morning); here the machine's drift falls on both alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLoop, type LoadResult } from './api/load.js';
import { Observer, waitForDrain } from './api/observe.js';
import { CpuSampler, memoryByLabel, stackMemory, type ResidentMemory } from './api/proc-stats.js';
import { creator, login, seedClients, type Api } from './api/referral-load.js';
import { fmt, writeResults } from './api/report.js';
import { startStack, type Stack } from './api/stack.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const BASE = process.env.BENCH_AB_BASE?.trim() || 'HEAD';
const RATE = num('BENCH_AB_RATE', 6);
const SECONDS = num('BENCH_AB_SECONDS', 60);
const ROUNDS = num('BENCH_AB_ROUNDS', 3);
const WARM_UP = num('BENCH_AB_WARM_UP', 60);
const DRAIN_LIMIT_SECONDS = 120;
const LABEL = (process.env.BENCH_LABEL ?? 'ab').replace(/[^a-z0-9-]/gi, '-');

const say = (line: string) => process.stdout.write(`[bench:ab] ${line}\n`);
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd }).toString().trim();

interface Side {
  name: string;
  root: string;
  stack?: Stack;
  observer?: Observer;
  advisor?: Api;
  clients: string[];
  /** CPU milliseconds per process label over all rounds (load and drain). */
  cpuMs: Record<string, number>;
  referrals: number;
  errors: number;
  loads: LoadResult[];
  /** After the last round, without PostgreSQL. */
  memory?: ResidentMemory;
}

/** The base version in a worktree of its own, built with this checkout's node_modules. */
function checkoutBase(): { dir: string; commit: string; remove(): void } {
  const lockDiffers = git(root, 'diff', '--name-only', BASE, '--', 'package-lock.json');
  if (lockDiffers) {
    throw new Error(`${BASE} has other dependencies (package-lock.json differs): install it separately`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'moni-bench-ab-'));
  git(root, 'worktree', 'add', '--detach', dir, BASE);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  say(`building ${BASE} in ${dir}`);
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: dir,
      stdio: 'inherit',
    },
  );
  return {
    dir,
    commit: git(dir, 'rev-parse', '--short', 'HEAD'),
    remove: () => git(root, 'worktree', 'remove', '--force', dir),
  };
}

async function prepare(side: Side): Promise<void> {
  side.stack = await startStack(side.root, (line) => say(`${side.name}: ${line}`));
  side.observer = await Observer.open(side.stack.databaseUrl!, side.stack.natsUrl);
  side.advisor = await login(side.stack, 'advisor');
  side.clients = await seedClients(side.advisor);
  const warm = creator(side.advisor, side.clients, new Map());
  for (let i = 0; i < WARM_UP; i += 1) {
    await warm(i);
  }
  await waitForDrain(side.observer, DRAIN_LIMIT_SECONDS);
}

/** One round: both loaded at once, then drained; the CPU of both windows counted. */
async function round(side: Side): Promise<void> {
  await side.advisor!.renew();
  const sampler = new CpuSampler(() => side.stack!.processes());
  await sampler.start();
  const load = await openLoop(RATE, SECONDS, creator(side.advisor!, side.clients, new Map()));
  await waitForDrain(side.observer!, DRAIN_LIMIT_SECONDS);
  const { cpuMs } = await sampler.stop();
  for (const [label, ms] of Object.entries(cpuMs)) {
    side.cpuMs[label] = (side.cpuMs[label] ?? 0) + ms;
  }
  side.referrals += load.ok;
  side.errors += load.errors;
  side.loads.push(load);
}

const mib = (bytes: number | undefined) => fmt((bytes ?? NaN) / 2 ** 20, 0);
const total = (side: Side) => Object.values(side.cpuMs).reduce((sum, ms) => sum + ms, 0);
const perReferral = (side: Side, ms: number) => ms / Math.max(1, side.referrals);

function report(base: Side, head: Side, info: Record<string, unknown>): string {
  const labels = [...new Set([...Object.keys(base.cpuMs), ...Object.keys(head.cpuMs)])].sort(
    (a, b) => (head.cpuMs[b] ?? 0) - (head.cpuMs[a] ?? 0),
  );
  const change = (a: number, b: number) => `${b >= a ? '+' : '−'}${fmt((Math.abs(b - a) / a) * 100)} %`;
  const row = (label: string, a: number, b: number) =>
    `| ${label} | ${fmt(perReferral(base, a), 2)} | ${fmt(perReferral(head, b), 2)} | ${change(perReferral(base, a), perReferral(head, b))} |`;
  return [
    `# bench:ab — ${LABEL}`,
    '',
    ...Object.entries(info).map(([key, value]) => `- ${key}: ${String(value)}`),
    '',
    `${ROUNDS} rounds of ${SECONDS} s at ${RATE} creates/s on each stack at once, each round drained before the next;`,
    `referrals created: base ${base.referrals} (errors ${base.errors}), this tree ${head.referrals} (errors ${head.errors}).`,
    '',
    '| CPU per created referral (ms) | base | this tree | change |',
    '|---|---|---|---|',
    row('**all processes**', total(base), total(head)),
    row(
      'all but the launcher',
      total(base) - (base.cpuMs.launcher ?? 0),
      total(head) - (head.cpuMs.launcher ?? 0),
    ),
    ...labels.map((label) => row(label, base.cpuMs[label] ?? 0, head.cpuMs[label] ?? 0)),
    '',
    `Memory after the rounds (without PostgreSQL; the two stacks share the pages of the same Node.js binary,`,
    `so each PSS sum is below what the stack alone would show): base PSS ${mib(base.memory?.pssBytes)} MiB (RSS ${mib(base.memory?.rssBytes)}),`,
    `this tree PSS ${mib(head.memory?.pssBytes)} MiB (RSS ${mib(head.memory?.rssBytes)}).`,
    '',
    '| round | base p50 / p99 (ms) | this tree p50 / p99 (ms) |',
    '|---|---|---|',
    ...base.loads.map(
      (load, i) =>
        `| ${i + 1} | ${fmt(load.latencyMs.p50)} / ${fmt(load.latencyMs.p99)} | ${fmt(head.loads[i]?.latencyMs.p50)} / ${fmt(head.loads[i]?.latencyMs.p99)} |`,
    ),
    '',
  ].join('\n');
}

describe('two versions side by side (bench:ab)', () => {
  const sides: Side[] = [];
  let removeBase: (() => void) | undefined;

  afterAll(async () => {
    for (const side of sides) {
      await side.observer?.close();
      await side.stack?.stop();
    }
    removeBase?.();
  });

  it('measures the CPU per referral of both and writes the comparison', async () => {
    const checkout = checkoutBase();
    removeBase = checkout.remove;
    const fresh = (name: string, dir: string): Side => ({
      name,
      root: dir,
      clients: [],
      cpuMs: {},
      referrals: 0,
      errors: 0,
      loads: [],
    });
    const base = fresh(`base ${checkout.commit}`, checkout.dir);
    const head = fresh('this tree', root);
    sides.push(base, head);
    // Both at once: started one after the other, the second measured a few per cent cheaper even in
    // the services a change did not touch.
    await Promise.all(sides.map((side) => prepare(side)));
    for (let i = 1; i <= ROUNDS; i += 1) {
      say(`round ${i} of ${ROUNDS}: ${RATE}/s for ${SECONDS} s on both`);
      await Promise.all(sides.map((side) => round(side)));
      say(
        `round ${i}: base ${fmt(perReferral(base, total(base)))} ms, this tree ${fmt(perReferral(head, total(head)))} ms per referral so far`,
      );
    }
    for (const side of sides) {
      side.memory = stackMemory(memoryByLabel(await side.stack!.processes()));
    }
    const dirty = git(root, 'status', '--porcelain') ? ' (with uncommitted changes)' : '';
    const info = {
      date: new Date().toISOString(),
      base: `${BASE} (${checkout.commit})`,
      'this tree': `${git(root, 'rev-parse', '--short', 'HEAD')}${dirty}`,
      cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      node: process.version,
    };
    const md = report(base, head, info);
    process.stdout.write(`\n${md}\n`);
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    const json = {
      info,
      rate: RATE,
      seconds: SECONDS,
      rounds: ROUNDS,
      sides: sides.map(({ name, cpuMs, referrals, errors, loads }) => ({
        name,
        cpuMs,
        referrals,
        errors,
        loads,
      })),
    };
    const files = writeResults(path.join(root, 'tests', 'perf', 'results'), `ab-${stamp}-${LABEL}`, json, md);
    say(`written: ${files.map((file) => path.relative(root, file)).join(', ')}`);
    // Both stacks did the work they were asked: a version that refused creates would look cheap.
    for (const side of sides) {
      expect(side.errors).toBe(0);
      expect(side.referrals).toBe(Math.round(RATE * SECONDS) * ROUNDS);
    }
  });
});
