// A local SMTP server for `npm start` when SMTP_URL is unset: every e-mail the system sends is kept
// under .data/mail/ (the raw .eml and a readable .txt) and announced with one log line.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readInt } from '#config';
import { log, prefix, StartError } from './log.js';
import type { Supervisor } from './supervisor.js';

export const DEFAULT_SMTP_SINK_PORT = 1025;

const SUBJECT_AND_TEXT_ONLY = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
} as const;

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** SMTP_URL when set; otherwise starts the sink and returns its URL. */
export async function resolveSmtp(
  env: NodeJS.ProcessEnv,
  root: string,
  supervisor: Supervisor,
): Promise<string> {
  const configured = env.SMTP_URL?.trim();
  if (configured) {
    log(`E-mail: ${configured.replace(/\/\/[^@/]*@/, '//***@')} (SMTP_URL)`);
    return configured;
  }
  // Dev tooling: loaded only here, so that a production install without dev dependencies never needs it.
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
  const dir = path.join(root, '.data', 'mail');
  mkdirSync(dir, { recursive: true });
  let count = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        count += 1;
        const base = path.join(dir, `${stamp(new Date())}-${String(count).padStart(4, '0')}`);
        // Only the subject and the text part are kept: no HTML made from the text, no text made from
        // the HTML (our e-mails carry both), which were most of the parser's work.
        simpleParser(raw, SUBJECT_AND_TEXT_ONLY)
          .then((mail) => {
            writeFileSync(`${base}.eml`, raw);
            writeFileSync(`${base}.txt`, `To: ${to}\nSubject: ${mail.subject ?? ''}\n\n${mail.text ?? ''}`);
            process.stdout.write(
              `${prefix('mail')}to ${to}: "${mail.subject ?? ''}" → ${path.relative(root, base)}.txt\n`,
            );
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      });
    },
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  let port: number;
  const wanted = readInt(env, 'SMTP_SINK_PORT', DEFAULT_SMTP_SINK_PORT);
  try {
    port = await listen(wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw new StartError(`could not start the SMTP sink: ${(error as Error).message}`);
    }
    port = await listen(0);
  }
  supervisor.defer('SMTP sink', () => new Promise<void>((resolve) => server.close(() => resolve())));
  supervisor.checkpoint();
  log(
    `E-mail: local SMTP sink on smtp://127.0.0.1:${port}; mails are kept in ${path.relative(root, dir)}/ (SMTP_URL unset)`,
  );
  return `smtp://127.0.0.1:${port}`;
}
