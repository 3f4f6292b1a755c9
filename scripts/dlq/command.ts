// The commands of `npm run dlq`, apart from the NATS connection (scripts/dlq.ts) so that tests can
// run them against a stream of their own.
import { NotReplayableError, type DeadLetter, type DeadLetterQueue } from '#messaging';

export type DlqCommand =
  | { kind: 'list'; json: boolean }
  | { kind: 'show'; id: number }
  | { kind: 'replay'; ids: number[] | 'all'; keep: boolean }
  | { kind: 'drop'; id: number };

export const DLQ_USAGE = [
  'usage: npm run dlq -- list [--json]      the dead letters, oldest first',
  '       npm run dlq -- show ID            one dead letter: its headers and the parked event',
  '       npm run dlq -- replay ID|--all [--keep]',
  '                                         republish to the original subject (the inboxes',
  '                                         keep it idempotent); removes the dead letter unless',
  '                                         --keep',
  '       npm run dlq -- drop ID            remove a dead letter for good',
].join('\n');

const isId = (value: string | undefined): value is string => value !== undefined && /^[1-9]\d*$/.test(value);

/** `replay ID|--all [--keep]`: one id, or --all and no id. */
function parseReplay(
  flags: readonly string[],
  values: readonly string[],
  badFlag: string | undefined,
): DlqCommand | { error: string } {
  const all = flags.includes('--all');
  const idsGiven = all ? values.length === 0 : values.length === 1 && isId(values[0]);
  if (badFlag || !idsGiven) {
    return { error: 'replay takes one dead-letter id or --all (and optionally --keep)' };
  }
  return { kind: 'replay', ids: all ? 'all' : [Number(values[0])], keep: flags.includes('--keep') };
}

/** The command, or what is wrong with the arguments. */
export function parseDlqArgs(argv: readonly string[]): DlqCommand | { error: string } {
  const [verb, ...rest] = argv;
  const flags = rest.filter((arg) => arg.startsWith('--'));
  const values = rest.filter((arg) => !arg.startsWith('--'));
  const unknown = (allowed: string[]) => flags.find((flag) => !allowed.includes(flag));
  switch (verb) {
    case 'list': {
      const bad = unknown(['--json']) ?? values[0];
      return bad ? { error: `list takes no "${bad}"` } : { kind: 'list', json: flags.includes('--json') };
    }
    case 'show':
    case 'drop': {
      const bad = unknown([]);
      if (bad || values.length !== 1 || !isId(values[0])) {
        return { error: `${verb} takes one dead-letter id (a positive integer from list)` };
      }
      return { kind: verb, id: Number(values[0]) };
    }
    case 'replay':
      return parseReplay(flags, values, unknown(['--all', '--keep']));
    default:
      return { error: verb ? `unknown command "${verb}"` : 'no command' };
  }
}

const oneLine = (text: string, max: number): string => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** The list as an aligned table, one dead letter a line. */
export function formatDeadLetters(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) {
    return 'no dead letters';
  }
  const rows = [
    ['ID', 'DEAD-LETTERED AT', 'CONSUMER', 'EVENT TYPE', 'EVENT ID', 'TRIES', 'REASON'],
    ...letters.map((l) => [
      String(l.id),
      l.deadLetteredAt,
      l.consumer,
      l.eventType ?? (l.originalSubject ? '(malformed)' : '(not an event)'),
      l.eventId ?? '-',
      l.deliveryCount === null ? '-' : String(l.deliveryCount),
      oneLine(l.reason, 80),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A dead letter in full: what it records and the parked body (an event holds ids and codes only). */
export function formatDeadLetter(letter: DeadLetter): string {
  let body: unknown = letter.body;
  try {
    body = JSON.parse(letter.body);
  } catch {
    // Shown as the text it is (a malformed message was parked as received).
  }
  return JSON.stringify({ ...letter, body }, null, 2);
}

/** Republishes the dead letters; 1 when one of them could not be replayed. */
async function replay(
  queue: DeadLetterQueue,
  command: Extract<DlqCommand, { kind: 'replay' }>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const ids = command.ids === 'all' ? (await queue.list()).map((letter) => letter.id) : command.ids;
  let refused = 0;
  for (const id of ids) {
    try {
      const result = await queue.replay(id, { keep: command.keep });
      out(
        `replayed dead letter ${id}: event ${result.eventId} to ${result.subject} ` +
          `(stream sequence ${result.streamSequence}${result.duplicate ? ', already replayed' : ''})` +
          (result.removed ? '; dead letter removed' : '; dead letter kept'),
      );
    } catch (error) {
      if (!(error instanceof NotReplayableError)) {
        throw error;
      }
      refused += 1;
      err(error.message);
    }
  }
  if (command.ids === 'all' && ids.length === 0) {
    out('no dead letters');
  }
  return refused === 0 ? 0 : 1;
}

/** Runs one command; returns the exit code (0 done, 1 not found or not possible). */
export async function runDlqCommand(
  queue: DeadLetterQueue,
  command: DlqCommand,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  switch (command.kind) {
    case 'list': {
      const letters = await queue.list();
      out(command.json ? JSON.stringify(letters, null, 2) : formatDeadLetters(letters));
      return 0;
    }
    case 'show': {
      const letter = await queue.get(command.id);
      if (!letter) {
        err(`no dead letter ${command.id}`);
        return 1;
      }
      out(formatDeadLetter(letter));
      return 0;
    }
    case 'drop': {
      if (!(await queue.drop(command.id))) {
        err(`no dead letter ${command.id}`);
        return 1;
      }
      out(`dropped dead letter ${command.id}`);
      return 0;
    }
    case 'replay':
      return replay(queue, command, out, err);
  }
}
