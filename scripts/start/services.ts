import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadCommonConfig, loadGatewayConfig } from '#config';
import { waitUntilReady } from './health.js';
import { log, StartError } from './log.js';
import { natsCredentialsOf } from './nats.js';
import { ManagedProcess } from './processes.js';
import type { Supervisor } from './supervisor.js';

const BACK_END = ['clients', 'referrals', 'partners', 'notifications', 'audit', 'statistics'] as const;
export const APPS = [...BACK_END, 'gateway'] as const;
export type AppName = (typeof APPS)[number];

const STOP_GRACE_MS = 10_000;

export function appEntry(root: string, app: AppName): string {
  return path.join(root, 'dist', 'apps', app, 'src', 'main.js');
}

/** The address to reach a server that listens on `host` (all interfaces → loopback). */
export function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Seven Node.js processes share one machine here. A young generation of 2 MiB semi-spaces (V8's
 * default grows to 16) and no source maps held in memory (stack traces name the built `dist/`
 * files; `NODE_OPTIONS=--enable-source-maps npm start` maps them to the sources) take the idle
 * stack from 1.6 GiB to 1.1 GiB of RSS. Larger semi-spaces save CPU under load (8 MiB: 7 % per
 * referral at 6/s, 3 % at 15/s) but cost 80–95 MiB more after it, which took the stack over its
 * 1 GiB target (`npm run bench:ab`, docs/performance.md).
 *
 * Garbage collection on the main thread only: ten processes share two cores, and a parallel
 * scavenge waits for helper threads that are themselves waiting for a core. Side by side under load
 * (docs/performance.md), the services' young-generation pauses averaged 1.3–1.5 ms instead of
 * 2.7–3.1 and went over 10 ms about a quarter as often, for 2 % less CPU per referral.
 */
const SERVICE_NODE_FLAGS = ['--max-semi-space-size=2', '--single-threaded-gc'];

/**
 * glibc's malloc keeps up to 8 arenas per core, each grown by whichever thread touched it (the
 * main thread, libuv's pool, V8's helpers) and seldom given back: under load the services' memory
 * outside the V8 heap grew by tens of MiB each. Two arenas bound that (unless MALLOC_ARENA_MAX is set).
 */
const SERVICE_MALLOC_ARENAS = '2';

/**
 * The services no create waits on: they act on events after the fact (the e-mails and in-app
 * notifications, the audit log, the statistics). When both cores are wanted, a nice value of 5
 * gives each about a third of the CPU share of the request path's processes (the gateway, partners,
 * referrals, clients, PostgreSQL, NATS), so a referral is not kept waiting behind the e-mails of the
 * one before; with a core to spare they run as soon as before.
 */
const BACKGROUND_APPS: ReadonlySet<AppName> = new Set(['notifications', 'audit', 'statistics']);
const BACKGROUND_NICENESS = 5;

/** How much lower than the launcher's an app's priority is. */
export function nicenessOf(app: AppName): number {
  return BACKGROUND_APPS.has(app) ? BACKGROUND_NICENESS : 0;
}

/**
 * What every app of `npm start` runs with: the environment over these defaults. npm start is the
 * demo: the Seinäjoki network unless the environment says otherwise. The portal is where this
 * gateway answers (the login's redirect_uri, the e-mails' links), also on another PORT.
 */
export function appEnvironment(env: NodeJS.ProcessEnv, gatewayUrl: string): NodeJS.ProcessEnv {
  return {
    DEMO_DATA: 'true',
    DEMO_HISTORY: 'true',
    PORTAL_URL: gatewayUrl,
    MALLOC_ARENA_MAX: SERVICE_MALLOC_ARENAS,
    ...env,
  };
}

/**
 * Starts the back-end services one after another (each applies its migrations before it
 * listens, and migrations of one database are best not run side by side), then the gateway,
 * and waits until the gateway is ready. Returns the gateway's URL.
 */
export async function startServices(
  root: string,
  env: NodeJS.ProcessEnv,
  supervisor: Supervisor,
  timeoutMs: number,
  /** Each back-end service's own database connection (see database-roles.ts). */
  appEnvs: Partial<Record<AppName, NodeJS.ProcessEnv>> = {},
): Promise<string> {
  const missing = APPS.filter((app) => !existsSync(appEntry(root, app)));
  if (missing.length > 0) {
    const files = missing.map((app) => path.relative(root, appEntry(root, app)));
    throw new StartError(`not built: ${files.join(', ')} (did npm run build succeed?)`);
  }
  const deadline = Date.now() + timeoutMs;
  const procs: ManagedProcess[] = [];
  // Every service gets SIGTERM at once (Nest's shutdown hooks drain NATS and close the pool), then SIGKILL.
  supervisor.defer('services', () =>
    Promise.all(procs.map((proc) => proc.stop(['SIGTERM', 'SIGKILL'], STOP_GRACE_MS))),
  );
  const gateway = loadGatewayConfig(env);
  const baseUrl = `http://${reachable(gateway.host)}:${gateway.port}`;
  const appEnv = appEnvironment(env, baseUrl);
  const start = (app: AppName): void => {
    const proc = new ManagedProcess(app, process.execPath, [...SERVICE_NODE_FLAGS, appEntry(root, app)], {
      env: { ...appEnv, ...appEnvs[app], ...natsCredentialsOf(app, env) },
      cwd: root,
      niceness: nicenessOf(app),
    });
    procs.push(proc);
    supervisor.watch(proc);
  };
  const waitFor = async (name: string, url: string): Promise<void> => {
    const result = await waitUntilReady(url, {
      timeoutMs: Math.max(deadline - Date.now(), 0),
      shouldStop: () => supervisor.stopping,
    });
    supervisor.checkpoint();
    if (!result.ready) {
      throw new StartError(
        `${name} not ready after ${Math.round(timeoutMs / 1000)} s (START_TIMEOUT_MS): ${url} says ${result.detail}`,
      );
    }
  };

  for (const app of BACK_END) {
    start(app);
    const { host, opsPort } = loadCommonConfig(app, env);
    // Port 0 means "any free port", which we cannot know: such a service is checked by the gateway only.
    if (opsPort !== 0) {
      await waitFor(app, `http://${reachable(host)}:${opsPort}/health/live`);
      log(`${app} is up`);
    }
  }
  start('gateway');
  // The whole system is up when the gateway's NATS and every service's PostgreSQL and NATS are.
  await waitFor('gateway', `${baseUrl}/health/services`);
  return baseUrl;
}
