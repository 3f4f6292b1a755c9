// Production refuses to start without its own secret keys: each app, run as the container runs it
// (NODE_ENV=production, the built entry point), exits non-zero naming the variable before it
// connects to anything. PostgreSQL and NATS are a trap here that counts connection attempts.
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { DEVELOPMENT_KEYS } from '#config';
import { builtEntry, ensureAppsBuilt } from '#testing';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const entry = (app: string): string => builtEntry(root, app);
const APPS = ['clients', 'referrals', 'audit', 'gateway'];

const secret = (byte: number): string => Buffer.alloc(32, byte).toString('base64');

/** Every key production needs, each its own. */
const KEYS = {
  CLIENTS_DATA_KEY: secret(1),
  CLIENTS_SEARCH_KEY: secret(2),
  REFERRALS_DATA_KEY: secret(3),
  AUDIT_CHAIN_KEY: secret(4),
  CURSOR_SECRET: secret(5),
  SESSION_KEY: secret(6),
};

describe('A production start', () => {
  let trap: Server;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    await ensureAppsBuilt(root, APPS);
    trap = createServer((socket) => {
      sockets.push(socket);
    });
    trap.listen(0, '127.0.0.1');
    await once(trap, 'listening');
    port = (trap.address() as { port: number }).port;
  }, 240_000);

  afterAll(() => {
    sockets.forEach((socket) => socket.destroy());
    trap?.close();
  });

  async function run(
    app: string,
    env: Record<string, string | undefined>,
    until: 'exit' | 'connection' = 'exit',
  ): Promise<{ code: number | null; stderr: string; connections: number }> {
    const before = sockets.length;
    const child = spawn(process.execPath, [entry(app)], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: `postgres://moni@127.0.0.1:${port}/moni`,
        NATS_URL: `nats://127.0.0.1:${port}`,
        KEYCLOAK_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'silent',
        PORT: '0',
        [`${app.toUpperCase()}_OPS_PORT`]: '0',
        ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': after it the whole of stderr has been read.
    const exited = once(child, 'close').then(([code]) => code as number | null);
    if (until === 'connection') {
      const deadline = Date.now() + 30_000;
      while (sockets.length === before && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
    }
    const code = await exited;
    return { code, stderr, connections: sockets.length - before };
  }

  it.each([
    ['referrals', 'REFERRALS_DATA_KEY', undefined, 'REFERRALS_DATA_KEY is not set'],
    [
      'referrals',
      'REFERRALS_DATA_KEY',
      DEVELOPMENT_KEYS.REFERRALS_DATA_KEY,
      'REFERRALS_DATA_KEY is a development key',
    ],
    ['clients', 'CLIENTS_DATA_KEY', undefined, 'CLIENTS_DATA_KEY is not set'],
    [
      'clients',
      'CLIENTS_DATA_KEY',
      DEVELOPMENT_KEYS.CLIENTS_DATA_KEY,
      'CLIENTS_DATA_KEY is a development key',
    ],
    // Any development key is refused wherever it is given.
    [
      'clients',
      'CLIENTS_DATA_KEY',
      DEVELOPMENT_KEYS.REFERRALS_DATA_KEY,
      'CLIENTS_DATA_KEY is a development key',
    ],
    ['clients', 'CLIENTS_SEARCH_KEY', undefined, 'CLIENTS_SEARCH_KEY is not set'],
    [
      'clients',
      'CLIENTS_SEARCH_KEY',
      KEYS.CLIENTS_DATA_KEY,
      'CLIENTS_SEARCH_KEY must not be the same key as CLIENTS_DATA_KEY',
    ],
    ['audit', 'AUDIT_CHAIN_KEY', undefined, 'AUDIT_CHAIN_KEY is not set'],
    ['audit', 'AUDIT_CHAIN_KEY', DEVELOPMENT_KEYS.AUDIT_CHAIN_KEY, 'AUDIT_CHAIN_KEY is a development key'],
  ])('%s with %s=%s exits 78 naming it, before connecting to anything', async (app, name, value, message) => {
    const result = await run(app, { ...KEYS, [name]: value });
    expect(result.stderr).toContain(`configuration error: ${message}`);
    expect(result.code).toBe(78);
    expect(result.connections).toBe(0);
  });

  it('gateway with a plain-http KEYCLOAK_URL to another host exits 78 naming it, before connecting', async () => {
    const result = await run('gateway', { ...KEYS, KEYCLOAK_URL: 'http://keycloak.example.fi:8080' });
    expect(result.stderr).toContain('configuration error: KEYCLOAK_URL must be https in production');
    expect(result.code).toBe(78);
    expect(result.connections).toBe(0);
  });

  it.each(['referrals', 'clients', 'audit', 'gateway'])(
    '%s with its own keys goes on to connect',
    async (app) => {
      const result = await run(app, KEYS, 'connection');
      expect(result.stderr).not.toContain('configuration error');
      expect(result.connections).toBeGreaterThan(0);
    },
  );
});
