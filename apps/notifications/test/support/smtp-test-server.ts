// A real SMTP server for tests (smtp-server): records every message it accepts and can be told to
// refuse the next ones, as a busy or broken mail server would.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  contentLanguage: string | null;
  raw: string;
}

class SmtpRefusal extends Error {
  constructor(readonly responseCode: number) {
    super(responseCode >= 500 ? 'Rejected by policy' : 'Try again later');
  }
}

export class SmtpTestServer {
  readonly messages: ReceivedMail[] = [];
  /** Attempts the server saw (accepted or refused). */
  attempts = 0;
  private refusals: number[] = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpTestServer> {
    let self: SmtpTestServer | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          void self!
            .receive(
              Buffer.concat(chunks),
              session.envelope.rcptTo.map((r) => r.address),
            )
            .then(
              () => callback(),
              (error: Error) => callback(error),
            );
        });
      },
    });
    self = new SmtpTestServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /** The next `count` messages are refused with this SMTP reply code (4xx: try again, 5xx: never). */
  refuseNext(count: number, responseCode = 451): void {
    this.refusals.push(...Array<number>(count).fill(responseCode));
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(raw: Buffer, to: string[]): Promise<void> {
    this.attempts += 1;
    const refusal = this.refusals.shift();
    if (refusal !== undefined) {
      throw new SmtpRefusal(refusal);
    }
    const parsed = await simpleParser(raw);
    const language = parsed.headers.get('content-language');
    this.messages.push({
      to: to.map((address) => address.toLowerCase()),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
      contentLanguage: typeof language === 'string' ? language : null,
      raw: raw.toString('utf8'),
    });
  }
}
