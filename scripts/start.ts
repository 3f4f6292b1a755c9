// `npm start`: the whole system on one machine with no setup. PostgreSQL, NATS and the identity
// provider come from the environment when it names them, otherwise from this machine (see README).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readInt } from '#config';
import { prepareDatabaseRoles } from './start/database-roles.js';
import { resolveIdentity } from './start/identity.js';
import { describeError, logError } from './start/log.js';
import { resolveNats } from './start/nats.js';
import { resolvePostgres } from './start/postgres.js';
import { killAllNow } from './start/processes.js';
import { startServices } from './start/services.js';
import { resolveSmtp } from './start/smtp-sink.js';
import { StopRequested, Supervisor } from './start/supervisor.js';

const DEMO_LOGINS = ['advisor', 'advisor2', 'employment', 'kela', 'redcross', 'moni-admin', 'admin'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const supervisor = new Supervisor();

// npm forwards the terminal's Ctrl-C to us as well, so one keypress can arrive twice: only a
// second signal more than a second after the first means "kill everything now".
const REPEAT_AFTER_MS = 1000;
let firstSignalAt = 0;

function onSignal(signal: NodeJS.Signals): void {
  if (!supervisor.stopping) {
    firstSignalAt = Date.now();
    void supervisor.shutdown(0, `${signal}: stopping (press Ctrl-C again to kill at once)`);
  } else if (Date.now() - firstSignalAt > REPEAT_AFTER_MS) {
    logError(`${signal} again: killing everything now`);
    killAllNow();
    process.exit(130);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, onSignal);
}
process.on('unhandledRejection', (reason) => {
  void supervisor.shutdown(1, `unexpected error: ${describeError(reason)}`);
});

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const timeoutMs = readInt(env, 'START_TIMEOUT_MS', 120_000, 1000);
  env.DATABASE_URL = await resolvePostgres(env, root, supervisor);
  supervisor.checkpoint();
  const databaseEnv = await prepareDatabaseRoles(env.DATABASE_URL);
  supervisor.checkpoint();
  env.NATS_URL = await resolveNats(env, root, supervisor);
  supervisor.checkpoint();
  env.KEYCLOAK_URL = await resolveIdentity(env, root, supervisor);
  supervisor.checkpoint();
  env.SMTP_URL = await resolveSmtp(env, root, supervisor);
  supervisor.checkpoint();

  const baseUrl = await startServices(root, env, supervisor, timeoutMs, databaseEnv);
  process.stdout.write(
    `MONI is up: ${baseUrl} (API docs ${baseUrl}/api/docs) — logins (password "demo"): ${DEMO_LOGINS.join(', ')} — Ctrl-C stops it\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof StopRequested || supervisor.stopping) {
    return;
  }
  const message = error instanceof ConfigError ? error.message : describeError(error);
  void supervisor.shutdown(1, message);
});
