// A nats-server of the test's own, run with deploy/nats's configuration: nats.conf as committed,
// and auth.conf generated for the test's subject prefix and streams by the same generator that
// writes the committed one. Each app's password is random and given to the server's environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { loadNatsClientSettings } from '#config';
import { natsConnectionOptions } from '#messaging';
import { eventually } from '#testing';
import {
  NATS_APPS,
  natsPasswordVariable,
  renderNatsAuthConfig,
  type NatsApp,
  type NatsAuthOptions,
} from '../../scripts/nats/auth-config.js';

const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type NatsUser = NatsApp | 'admin';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export class SecuredNats {
  private output = '';

  private constructor(
    readonly url: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly passwords: Record<NatsUser, string>,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /**
   * `extraConfig` is appended to the copy of nats.conf (e.g. a `tls { }` block); `prepare` runs
   * first with the server's directory (to write certificates there).
   */
  static async start(
    options: NatsAuthOptions,
    extra: { prepare?: (dir: string) => Promise<string> } = {},
  ): Promise<SecuredNats> {
    const dir = await mkdtemp(path.join(tmpdir(), 'moni-secured-nats-'));
    await copyFile(path.join(root, 'deploy', 'nats', 'nats.conf'), path.join(dir, 'nats.conf'));
    if (extra.prepare) {
      await appendFile(path.join(dir, 'nats.conf'), `\n${await extra.prepare(dir)}\n`);
    }
    await writeFile(path.join(dir, 'auth.conf'), renderNatsAuthConfig(options));
    const users: NatsUser[] = [...NATS_APPS, 'admin'];
    // nats-server parses an expanded variable as a config value: a leading digit can make it a
    // number or a date. A letter, then hex digits, is always a plain string.
    const passwords = Object.fromEntries(
      users.map((u) => [u, `p${randomBytes(18).toString('hex')}`]),
    ) as Record<NatsUser, string>;
    const [port, httpPort] = [await freePort(), await freePort()];
    const child = spawn(
      NATS_SERVER_BIN,
      // The flags override nats.conf's ports and store, so tests run side by side.
      [
        '-c',
        path.join(dir, 'nats.conf'),
        '-a',
        '127.0.0.1',
        '-p',
        String(port),
        '-m',
        String(httpPort),
      ].concat(['-sd', path.join(dir, 'jetstream')]),
      {
        env: {
          ...process.env,
          ...Object.fromEntries(users.map((u) => [natsPasswordVariable(u), passwords[u]])),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const server = new SecuredNats(`nats://127.0.0.1:${port}`, dir, child, passwords);
    await eventually(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`nats-server exited: ${server.output}`);
        }
        if (!(await accepts(port))) {
          throw new Error(`nats-server not listening on ${port} yet`);
        }
      },
      { timeoutMs: 10_000 },
    );
    return server;
  }

  /** The environment an app connects with: its own user and password. */
  envOf(user: NatsUser): Record<string, string> {
    return { NATS_USER: user, NATS_PASSWORD: this.passwords[user] };
  }

  /** A connection as `user` (no reconnects: a refusal must show at once); `env` adds NATS_TLS_*. */
  connectAs(
    user: NatsUser,
    password = this.passwords[user],
    env: Record<string, string> = {},
  ): Promise<NatsConnection> {
    const settings = loadNatsClientSettings(user, { ...env, NATS_USER: user, NATS_PASSWORD: password });
    return connect({
      ...natsConnectionOptions({ natsUrl: this.url, nats: settings }, `test-${user}`),
      reconnect: false,
    });
  }

  /** The server's log lines that report a refused publish or subscription. */
  violations(): string[] {
    return this.output.split('\n').filter((line) => /Violation/i.test(line));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
