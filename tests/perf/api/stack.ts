// The stack under test: `node dist/scripts/start.js` (what `npm start` runs after its build) on
// ports of its own, with a NATS server of its own and a fresh database on the configured
// PostgreSQL, so that nothing mixes with another stack on the machine. Or GATEWAY_URL: a stack
// already running (then only what HTTP and, with DATABASE_URL, the database can tell is measured).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dropDatabase, ensureDatabase, withDatabase } from '#database';
import { testDatabaseUrl, uniqueSuffix } from '#testing';
import { descendants, readCmdline } from './proc-stats.js';

export interface Stack {
  gatewayUrl: string;
  idpUrl: string;
  /** The administrator's URL of the stack's database (undefined: not known, with GATEWAY_URL alone). */
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  /** The stack's processes by label (launcher, each app, nats-server, PostgreSQL backends of its database). */
  processes(): Promise<Map<number, string>>;
  /** With BENCH_API_CPU_PROFILE: starts (first call) or writes (second call) the Node processes' CPU profiles. */
  toggleProfiles(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });
}

export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

async function waitForNats(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`nats-server exited with ${child.exitCode}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (up) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('nats-server did not listen within 15 s');
}

/** A nats-server of the benchmark's own, with JetStream storing under `work`. */
export async function startNatsServer(work: string): Promise<{ nats: ChildProcess; natsUrl: string }> {
  const natsPort = await freePort();
  const nats = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(natsPort), '-sd', work], {
    stdio: 'ignore',
  });
  await waitForNats(natsPort, nats);
  return { nats, natsUrl: `nats://127.0.0.1:${natsPort}` };
}

/** PostgreSQL backends serving `database`, labelled "postgres". */
export async function backends(adminUrl: string, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

function labelOf(cmdline: string): string | undefined {
  const app = /dist\/apps\/([a-z-]+)\/src\/main\.js/.exec(cmdline);
  if (app) {
    return app[1];
  }
  if (cmdline.includes('dist/scripts/start.js')) {
    return 'launcher';
  }
  return undefined;
}

export async function startStack(root: string, log: (line: string) => void): Promise<Stack> {
  const external = process.env.GATEWAY_URL?.trim();
  if (external) {
    const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
    return {
      gatewayUrl: external.replace(/\/+$/, ''),
      idpUrl: (process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
      databaseUrl,
      natsUrl: process.env.NATS_URL,
      processes: () => Promise.resolve(new Map()),
      toggleProfiles: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'moni-bench-api-'));
  const { nats, natsUrl } = await startNatsServer(work);

  const databaseName = `moni_bench_api_${uniqueSuffix()}`;
  const databaseUrl = withDatabase(testDatabaseUrl(), databaseName);
  await ensureDatabase(databaseUrl);

  const [port, idpPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: undefined,
    PORT: String(port),
    DEV_IDP_PORT: String(idpPort),
    SMTP_SINK_PORT: String(smtpPort),
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    CLIENTS_OPS_PORT: '0',
    REFERRALS_OPS_PORT: '0',
    PARTNERS_OPS_PORT: '0',
    NOTIFICATIONS_OPS_PORT: '0',
    AUDIT_OPS_PORT: '0',
    // A benchmark is one client sending as fast as it can: the limits would only measure themselves.
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '100000000',
    KEYCLOAK_URL: undefined,
    SMTP_URL: undefined,
  };
  const profileDir = process.env.BENCH_API_CPU_PROFILE;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    const hook = path.join(root, 'tests', 'perf', 'api', 'cpu-profile-hook.mjs');
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${hook}`.trim();
  }
  const output = createWriteStream(path.join(work, 'stack.log'));
  // What a terminal would get: the launcher's output, read and thrown away at the end. Its flags are
  // those of package.json's `start`.
  const launcher = spawn(
    process.execPath,
    ['--max-semi-space-size=2', path.join(root, 'dist', 'scripts', 'start.js')],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  launcher.stderr.pipe(output);
  const up = new Promise<void>((resolve, reject) => {
    let buffered = '';
    launcher.stdout.on('data', (chunk: Buffer) => {
      output.write(chunk);
      if (buffered !== null) {
        buffered += chunk.toString();
        if (buffered.includes('MONI is up:')) {
          resolve();
        }
        buffered = buffered.slice(-200);
      }
    });
    launcher.once('exit', (code) =>
      reject(new Error(`npm start's launcher exited with ${code}; see ${path.join(work, 'stack.log')}`)),
    );
  });
  const timeout = setTimeout(() => launcher.kill('SIGTERM'), 180_000);
  await up;
  clearTimeout(timeout);
  log(`stack up at ${gatewayUrl} (NATS ${natsUrl}, database ${databaseName}; output in ${work}/stack.log)`);

  const processes = async (): Promise<Map<number, string>> => {
    const found = new Map<number, string>();
    if (launcher.pid && launcher.exitCode === null) {
      found.set(launcher.pid, 'launcher');
      for (const pid of descendants(launcher.pid)) {
        const label = labelOf(readCmdline(pid));
        if (label) {
          found.set(pid, label);
        }
      }
    }
    if (nats.pid) {
      found.set(nats.pid, 'nats-server');
    }
    for (const pid of await backends(databaseUrl, databaseName).catch(() => [])) {
      found.set(pid, 'postgres');
    }
    return found;
  };

  return {
    gatewayUrl,
    idpUrl: `http://127.0.0.1:${idpPort}`,
    databaseUrl,
    natsUrl,
    processes,
    async toggleProfiles() {
      if (!profileDir) {
        return;
      }
      const flag = path.join(profileDir, 'profiling');
      if (existsSync(flag)) {
        rmSync(flag);
        await new Promise((resolve) => setTimeout(resolve, 2_000)); // each process writes its profile
      } else {
        writeFileSync(flag, '');
      }
    },
    async stop() {
      await stopChild(launcher, 20_000);
      await stopChild(nats, 5_000);
      output.end();
      if (process.env.BENCH_KEEP_LOG) {
        // Kept with the log, for a look at the rows (e-mail and outbox timings) after the run.
        log(`database ${databaseName} kept (BENCH_KEEP_LOG)`);
      } else {
        await dropDatabase(databaseUrl).catch((error: unknown) =>
          log(`could not drop ${databaseName}: ${String(error)}`),
        );
      }
      if (!process.env.BENCH_KEEP_LOG) {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}
