// `npm run bench:floor`: how fast the create's path can be with the project's frameworks and
// process layout and nothing of the project (tests/perf/floor/skeleton.ts): the same HTTP request,
// the same four NATS levels between four processes, the same two transactions; no JWT, validation,
// envelopes, logs, encryption, events or consumers. It measures the skeleton as bench:api measures
// the stack (the median at one connection, the throughput and CPU per request at eight) against
// pgbench of the same SQL in the same run: a floor under the real figures (issue 13,
// docs/performance.md "The floor of the create's path").
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dropDatabase, ensureDatabase, withDatabase } from '#database';
import { testDatabaseUrl, uniqueSuffix } from '#testing';
import { pgbench } from './api/ceiling.js';
import { closedLoop, type LoadResult } from './api/load.js';
import { CpuSampler, readMachineCpu, speedProbeMs } from './api/proc-stats.js';
import { cpuTable, fmt, machine, markdown, writeResults, type Row } from './api/report.js';
import { backends, freePort, startNatsServer, stopChild } from './api/stack.js';
import { traceCreates, traceTable } from './api/trace.js';
import {
  CLIENTS,
  clientId,
  createTransactionScript,
  pathScript,
  RECEIVER_ID,
  SCHEMA,
  seedSql,
  USER_ID,
} from './floor/sql.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = num('BENCH_FLOOR_SECONDS', 30);
const CEILING_SECONDS = num('BENCH_FLOOR_CEILING_SECONDS', 15);
const LABEL = (process.env.BENCH_LABEL ?? 'run').replace(/[^a-z0-9-]/gi, '-');
/** BENCH_FLOOR_LAYOUT=one-process: the four roles in one process (still over NATS); default one each. */
const LAYOUT = process.env.BENCH_FLOOR_LAYOUT === 'one-process' ? 'one-process' : 'a process per role';
const ROLES = LAYOUT === 'one-process' ? ['one-process'] : ['partners', 'clients', 'referrals', 'gateway'];
// The targets, which the real create must meet and the skeleton is measured against.
const TARGET_RATIO = 0.1;
const TARGET_MEDIAN_MS = 10;

const log = (line: string) => process.stdout.write(`[bench:floor] ${line}\n`);

function ready(child: ChildProcess, role: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`${role} not ready within 60 s: ${said}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes(`${role} ready`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}: ${said}`)));
  });
}

describe('bench:floor — the create path with nothing but its frameworks', () => {
  it('measures the skeleton against pgbench of its SQL', async () => {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tests/perf/floor'],
      {
        cwd: root,
      },
    );
    const info = machine(root, LABEL);
    info.layout = LAYOUT;
    info.speedProbeAtStart = `${fmt(speedProbeMs(), 1)} ms`;
    const machineCpuAtStart = readMachineCpu();

    const work = mkdtempSync(path.join(os.tmpdir(), 'moni-bench-floor-'));
    const { nats, natsUrl } = await startNatsServer(work);
    const databaseName = `moni_bench_floor_${uniqueSuffix()}`;
    const databaseUrl = withDatabase(testDatabaseUrl(), databaseName);
    await ensureDatabase(databaseUrl);
    const children: ChildProcess[] = [];
    try {
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      await db.query(SCHEMA);
      await db.query(seedSql());
      await db.end();

      const port = await freePort();
      const pids = new Map<number, string>();
      for (const role of ROLES) {
        const script = path.join(root, 'dist/perf-floor/tests/perf/floor/skeleton.js');
        // The services' flags (package.json's start): the same heap settings as the stack's processes.
        const child = spawn(process.execPath, ['--max-semi-space-size=2', script, role], {
          cwd: root,
          env: { ...process.env, NATS_URL: natsUrl, DATABASE_URL: databaseUrl, PORT: String(port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        await ready(child, role);
        pids.set(child.pid!, role);
      }
      const url = `http://127.0.0.1:${port}/floor/referrals`;
      let sequence = 0;
      const create = async (): Promise<void> => {
        sequence += 1;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            userId: USER_ID,
            clientId: clientId(1 + (sequence % CLIENTS)),
            receiverId: RECEIVER_ID,
            reason: 'Needs help finding work',
          }),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status !== 201 || !body.id) {
          throw new Error(`${res.status} ${JSON.stringify(body)}`);
        }
      };
      const processes = async () => {
        const found = new Map(pids);
        found.set(nats.pid!, 'nats-server');
        for (const pid of await backends(databaseUrl, databaseName).catch(() => [])) {
          found.set(pid, 'postgres');
        }
        return found;
      };

      log('warming up');
      await closedLoop(8, 3, create);
      log('tracing 40 creates, one at a time');
      const trace = await traceCreates(natsUrl, 40, create);
      log(`1 connection, ${SECONDS} s`);
      const single = await closedLoop(1, SECONDS, create);
      log(`8 connections, ${SECONDS} s`);
      const sampler = new CpuSampler(processes);
      await sampler.start();
      const eight = await closedLoop(8, SECONDS, create);
      const cpu = await sampler.stop();
      for (const run of [single, eight]) {
        expect(run.errors).toBe(0);
        expect(run.ok).toBeGreaterThan(0);
      }

      log('pgbench');
      const [createAlone1, createAlone8, path1, path8] = [
        await pgbench(databaseUrl, createTransactionScript(), 1, CEILING_SECONDS),
        await pgbench(databaseUrl, createTransactionScript(), 8, CEILING_SECONDS),
        await pgbench(databaseUrl, pathScript(), 1, CEILING_SECONDS),
        await pgbench(databaseUrl, pathScript(), 8, CEILING_SECONDS),
      ];

      const machineCpuAtEnd = readMachineCpu();
      info.stealDuringRun = `${fmt((100 * (machineCpuAtEnd.stealMs - machineCpuAtStart.stealMs)) / (machineCpuAtEnd.totalMs - machineCpuAtStart.totalMs), 2)} % of the machine's CPU time`;
      info.speedProbeAtEnd = `${fmt(speedProbeMs(), 1)} ms`;

      const cpuPerRequest = Object.values(cpu.cpuMs).reduce((a, b) => a + b, 0) / eight.ok;
      const ratio = eight.perSecond / createAlone8.tps;
      const rows: Row[] = [
        {
          measure: 'skeleton, creates/s at 8 connections',
          value: fmt(eight.perSecond),
          ceiling: `${fmt(createAlone8.tps)} TPS (the create transaction alone, as the issue's ceiling)`,
          ratio: `${fmt(ratio, 3)}×`,
          target: `≥ ${TARGET_RATIO}× (the real create's)`,
          met: ratio >= TARGET_RATIO,
        },
        {
          measure: 'skeleton, creates/s at 8 connections, against every statement of its path',
          value: fmt(eight.perSecond),
          ceiling: `${fmt(path8.tps)} TPS`,
          ratio: `${fmt(eight.perSecond / path8.tps, 3)}×`,
        },
        {
          measure: 'skeleton, median at 1 connection',
          value: `${fmt(single.latencyMs.p50, 2)} ms (p95 ${fmt(single.latencyMs.p95, 2)}, ${fmt(single.perSecond)}/s)`,
          ceiling: `${fmt(createAlone1.latencyAvgMs, 2)} ms (create transaction), ${fmt(path1.latencyAvgMs, 2)} ms (every statement), pgbench at 1 client, average`,
          target: `≤ ${TARGET_MEDIAN_MS} ms (the real create's)`,
          met: single.latencyMs.p50 <= TARGET_MEDIAN_MS,
        },
        {
          measure: 'skeleton, CPU per create at 8 connections, all processes',
          value: `${fmt(cpuPerRequest, 2)} ms`,
          ceiling: `${fmt((1000 * os.cpus().length) / (TARGET_RATIO * createAlone8.tps), 2)} ms: the most a create may take for ${TARGET_RATIO}× on ${os.cpus().length} cores`,
        },
      ];
      const loads: Record<string, LoadResult> = { 'one connection': single, 'eight connections': eight };
      const extra = [
        ...traceTable(trace),
        '### CPU per create at 8 connections, by process',
        '',
        ...cpuTable(cpu.cpuMs, eight.ok, 'ms per create'),
        '',
        '### The loads',
        '',
        '| load | creates | errors | per second | p50 ms | p95 ms | p99 ms |',
        '|---|---|---|---|---|---|---|',
        ...Object.entries(loads).map(
          ([name, r]) =>
            `| ${name} | ${r.ok} | ${r.errors} | ${fmt(r.perSecond)} | ${fmt(r.latencyMs.p50, 2)} | ${fmt(r.latencyMs.p95, 2)} | ${fmt(r.latencyMs.p99, 2)} |`,
        ),
      ];
      const md = markdown(`bench:floor — ${LABEL}`, info, rows, extra);
      process.stdout.write(`\n${md}\n`);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      const files = writeResults(
        path.join(root, 'tests', 'perf', 'results'),
        `floor-${stamp}-${LABEL}`,
        {
          machine: info,
          rows,
          loads,
          trace,
          cpuMs: cpu.cpuMs,
          pgbench: { createAlone1, createAlone8, path1, path8 },
        },
        md,
      );
      log(`written: ${files.join(', ')}`);
    } finally {
      await Promise.all(children.map((child) => stopChild(child, 5_000)));
      await stopChild(nats, 5_000);
      await dropDatabase(databaseUrl).catch((error: unknown) =>
        log(`could not drop ${databaseName}: ${String(error)}`),
      );
      rmSync(work, { recursive: true, force: true });
    }
  });
});
