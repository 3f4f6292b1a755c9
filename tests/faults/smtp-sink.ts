// An SMTP server the fault suite controls: it keeps every accepted e-mail (recipient, Message-ID,
// the referral it links to) and can be told to refuse (421, a temporary failure) for a while.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  messageId: string;
  subject: string;
  /** The referral id in the portal link, when the mail is about a referral. */
  referralId: string | null;
  at: number;
}

const REFERRAL_LINK = /\/referrals\/([0-9a-f-]{36})/;

export class FaultSmtpSink {
  readonly mails: ReceivedMail[] = [];
  refusing = false;
  refusals = 0;
  private server: SMTPServer | null = null;

  async start(port: number): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      onConnect: (_session, callback) => {
        if (this.refusing) {
          this.refusals += 1;
          const error = Object.assign(new Error('fault suite: try again later'), { responseCode: 421 });
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const text = `${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html : ''}`;
            for (const rcpt of session.envelope.rcptTo) {
              this.mails.push({
                to: rcpt.address,
                messageId: mail.messageId ?? '',
                subject: mail.subject ?? '',
                referralId: REFERRAL_LINK.exec(text)?.[1] ?? null,
                at: Date.now(),
              });
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  get port(): number {
    return (this.server?.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
