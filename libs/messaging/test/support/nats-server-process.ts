import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '#testing';

const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export async function freePort(): Promise<number> {
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

/**
 * A private JetStream server for one test, so the test can take NATS down for real without
 * disturbing anyone else. Restarts keep the same port and store directory.
 */
export class NatsServerProcess {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    /** More command-line options, e.g. the cluster's (see nats-cluster.ts). */
    private readonly args: readonly string[],
  ) {}

  static async start(
    options: { port?: number; storeDir?: string; args?: readonly string[] } = {},
  ): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(
      options.port ?? (await freePort()),
      options.storeDir ?? (await mkdtemp(join(tmpdir(), 'moni-nats-'))),
      options.args ?? [],
    );
    await server.restart();
    return server;
  }

  /** The server name JetStream reports, e.g. as a stream's leader. */
  get name(): string {
    return `moni-test-${this.port}`;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    if (this.child) {
      throw new Error('nats-server is already running');
    }
    const child = spawn(
      NATS_SERVER_BIN,
      [
        '-js',
        '-a',
        '127.0.0.1',
        '-p',
        String(this.port),
        '-sd',
        this.storeDir,
        '-n',
        this.name,
        ...this.args,
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) {
        this.child = null;
      }
    });
    await eventually(
      async () => {
        if (this.child !== child) {
          throw new Error(`nats-server exited before listening on ${this.port}`);
        }
        if (!(await accepts(this.port))) {
          throw new Error(`nats-server not listening on ${this.port} yet`);
        }
      },
      { timeoutMs: 10_000 },
    );
  }

  /** SIGKILL by default: the server gets no chance to say goodbye, as in a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    await rm(this.storeDir, { recursive: true, force: true });
  }
}
