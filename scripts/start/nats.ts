import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_NATS_URL } from '#config';
import { log, StartError } from './log.js';
import { ManagedProcess } from './processes.js';
import type { Supervisor } from './supervisor.js';

export interface HostPort {
  host: string;
  port: number;
}

export interface NatsInfo {
  jetstream: boolean;
  version?: string;
}

export type NatsProbe = { ok: true; info: NatsInfo } | { ok: false; reason: string };

export type NatsPlan =
  | { kind: 'configured'; url: string }
  | { kind: 'local'; url: string; info: NatsInfo }
  | { kind: 'spawn'; url: string; binary: string }
  | { kind: 'local-without-jetstream'; url: string }
  | { kind: 'missing'; url: string };

const LOCAL_URL = DEFAULT_NATS_URL;
// Debian and Ubuntu install nats-server in /usr/sbin, which is not on a normal user's PATH.
const EXTRA_LOCATIONS = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'];

export const MISSING_NATS_MESSAGE = [
  `no NATS server: nothing answers on ${LOCAL_URL} and no nats-server was found on PATH or in /usr/sbin.`,
  'Install one (Debian/Ubuntu: sudo apt-get install -y nats-server; macOS: brew install nats-server;',
  'or a release from https://github.com/nats-io/nats-server/releases) and run npm start again,',
  'or set NATS_URL to a NATS server with JetStream. No npm package ships the server.',
].join(' ');

/** The first server of a NATS_URL ("nats://u:p@host:4222,nats://other:4222", "host:4222"); undefined for WebSocket URLs. */
export function firstNatsServer(natsUrl: string): HostPort | undefined {
  const first = natsUrl.split(',')[0]?.trim() ?? '';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(first) ? first : `nats://${first}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:') {
    return undefined;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { host, port: url.port ? Number(url.port) : 4222 };
}

/** A NATS server greets every connection with `INFO {json}`; anything else is not NATS. */
export function parseNatsInfo(line: string): NatsInfo | undefined {
  const match = /^INFO\s+(\{.*\})\s*$/.exec(line.trim());
  if (!match?.[1]) {
    return undefined;
  }
  try {
    const info = JSON.parse(match[1]) as unknown;
    if (typeof info !== 'object' || info === null) {
      return undefined;
    }
    const fields = info as Record<string, unknown>;
    return {
      jetstream: fields.jetstream === true,
      version: typeof fields.version === 'string' ? fields.version : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Opens a TCP connection and reads the server's first line. */
export function probeNats(target: HostPort, timeoutMs = 1000): Promise<NatsProbe> {
  return new Promise((resolve) => {
    const socket = net.connect(target);
    let received = '';
    const finish = (result: NatsProbe): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish({ ok: false, reason: `no greeting within ${timeoutMs} ms` }));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: error.code ?? error.message }),
    );
    socket.on('end', () => finish({ ok: false, reason: 'connection closed without a greeting' }));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end >= 0) {
        const info = parseNatsInfo(received.slice(0, end));
        finish(info ? { ok: true, info } : { ok: false, reason: 'not a NATS server (no INFO greeting)' });
      } else if (received.length > 64 * 1024) {
        finish({ ok: false, reason: 'not a NATS server (no INFO greeting)' });
      }
    });
  });
}

/** What to do about NATS, from what was found (gathered lazily: `local` only without NATS_URL, and so on). */
export function planNats(facts: { configuredUrl?: string; local?: NatsProbe; binary?: string }): NatsPlan {
  if (facts.configuredUrl) {
    return { kind: 'configured', url: facts.configuredUrl };
  }
  if (facts.local?.ok) {
    return facts.local.info.jetstream
      ? { kind: 'local', url: LOCAL_URL, info: facts.local.info }
      : { kind: 'local-without-jetstream', url: LOCAL_URL };
  }
  return facts.binary
    ? { kind: 'spawn', url: LOCAL_URL, binary: facts.binary }
    : { kind: 'missing', url: LOCAL_URL };
}

export async function findExecutable(
  name: string,
  searchPath: string | undefined,
  extraLocations: readonly string[] = [],
  isExecutable: (file: string) => Promise<boolean> = canExecute,
): Promise<string | undefined> {
  const dirs = (searchPath ?? '').split(path.delimiter).filter(Boolean);
  for (const candidate of [...dirs.map((dir) => path.join(dir, name)), ...extraLocations]) {
    if (await isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

async function canExecute(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The NATS_URL server, once it answers (a warning when it does not announce JetStream). */
async function useConfiguredNats(url: string): Promise<string> {
  const target = firstNatsServer(url);
  if (target) {
    const probe = await probeNats(target, 3000);
    if (!probe.ok) {
      throw new StartError(`NATS_URL=${url} does not answer (${probe.reason})`);
    }
    if (!probe.info.jetstream) {
      log(`warning: the NATS server at ${url} does not announce JetStream; events need it`);
    }
  }
  log(`NATS: ${url} (NATS_URL)`);
  return url;
}

/** Resolves NATS_URL: the configured server, the machine's own, or a nats-server of our own. */
export async function resolveNats(
  env: NodeJS.ProcessEnv,
  root: string,
  supervisor: Supervisor,
): Promise<string> {
  const configuredUrl = env.NATS_URL?.trim() || undefined;
  const localTarget = firstNatsServer(LOCAL_URL) as HostPort;
  const local = configuredUrl ? undefined : await probeNats(localTarget);
  const binary =
    configuredUrl || local?.ok ? undefined : await findExecutable('nats-server', env.PATH, EXTRA_LOCATIONS);
  const plan = planNats({ configuredUrl, local, binary });

  switch (plan.kind) {
    case 'configured':
      return useConfiguredNats(plan.url);
    case 'local':
      log(
        `NATS: ${plan.url} (already running${plan.info.version ? `, nats-server ${plan.info.version}` : ''})`,
      );
      return plan.url;
    case 'local-without-jetstream':
      throw new StartError(
        `the NATS server on ${plan.url} runs without JetStream, which the services need: restart it with -js, or set NATS_URL`,
      );
    case 'missing':
      throw new StartError(MISSING_NATS_MESSAGE);
    case 'spawn':
      return spawnNatsServer(plan.binary, localTarget, root, env, supervisor);
  }
}

async function spawnNatsServer(
  binary: string,
  target: HostPort,
  root: string,
  env: NodeJS.ProcessEnv,
  supervisor: Supervisor,
): Promise<string> {
  const storeDir = path.join(root, '.data', 'nats');
  await mkdir(storeDir, { recursive: true });
  const proc = new ManagedProcess(
    'nats',
    binary,
    ['-js', '-sd', storeDir, '-a', target.host, '-p', String(target.port)],
    { env, cwd: root },
  );
  supervisor.defer('nats-server', () => proc.stop(['SIGTERM', 'SIGKILL'], 10_000));
  const answered = await proc.answers(async () => (await probeNats(target)).ok, {
    timeoutMs: 15_000,
    intervalMs: 200,
    shouldStop: () => supervisor.stopping,
  });
  supervisor.checkpoint();
  if (!answered) {
    const why = proc.running ? 'did not answer within 15 s' : 'exited during start-up';
    throw new StartError(`${binary} ${why}; its last lines:\n${proc.recentOutput()}`);
  }
  supervisor.watch(proc);
  log(`NATS: ${LOCAL_URL} (started ${binary}, JetStream data in ${path.relative(root, storeDir)})`);
  return LOCAL_URL;
}

/**
 * Each app's own NATS user under `npm start`, from the variables the NATS server of deploy/nats
 * reads (`<APP>_NATS_PASSWORD`): set them to run against such a server. Nothing when unset.
 */
export function natsCredentialsOf(app: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const password = env[`${app.toUpperCase()}_NATS_PASSWORD`]?.trim();
  return password ? { NATS_USER: app, NATS_PASSWORD: password } : {};
}
