// `npm run dlq -- list | show ID | replay ID|--all [--keep] | drop ID` (after npm run build): the
// dead-letter stream for operators (README "Dead letters"). Reads NATS_URL, NATS_SUBJECT_PREFIX,
// DEAD_LETTER_STREAM and the NATS credentials as the apps do (NATS_USER/NATS_PASSWORD,
// NATS_CREDS_FILE, NATS_TLS_*): against deploy/nats, connect as `admin`, the one user that may
// read the stream and publish every service's events. Exits 0 when done, 1 when the dead letter
// is missing or cannot be replayed, 2 when it cannot reach NATS, 64 for bad arguments.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DEFAULT_NATS_URL, loadConfigOrExit, loadNatsClientSettings, readString } from '#config';
import { DeadLetterQueue, namespaced, natsConnectionOptions } from '#messaging';
import { DLQ_USAGE, parseDlqArgs, runDlqCommand } from './dlq/command.js';

const command = parseDlqArgs(process.argv.slice(2));
if ('error' in command) {
  process.stderr.write(`dlq: ${command.error}\n${DLQ_USAGE}\n`);
  process.exit(64);
}

const env = process.env;
const settings = loadConfigOrExit(() => ({
  natsUrl: readString(env, 'NATS_URL', DEFAULT_NATS_URL),
  nats: loadNatsClientSettings('dlq', env),
  prefix: readString(env, 'NATS_SUBJECT_PREFIX', ''),
  stream: readString(env, 'DEAD_LETTER_STREAM', 'MONI_DEAD_LETTER'),
}));

let nc: Awaited<ReturnType<typeof connect>>;
try {
  nc = await connect({
    ...natsConnectionOptions(settings, 'moni-dlq'),
    timeout: 5000,
    reconnect: false,
  });
} catch (error) {
  process.stderr.write(`dlq: cannot reach NATS at ${settings.natsUrl}: ${(error as Error).message}\n`);
  process.exit(2);
}

let exitCode = 2;
try {
  const queue = new DeadLetterQueue(await jetstreamManager(nc), jetstream(nc), {
    stream: settings.stream,
    deadLetterSubjectPrefix: namespaced(settings.prefix, 'deadletter'),
    eventsSubjectPrefix: namespaced(settings.prefix, 'events'),
  });
  exitCode = await runDlqCommand(
    queue,
    command,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
} catch (error) {
  process.stderr.write(`dlq: ${(error as Error).message}\n`);
} finally {
  await nc.close().catch(() => undefined);
}
process.exit(exitCode);
