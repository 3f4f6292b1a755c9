import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedEmail } from './templates.js';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Stable per delivery, so that a receiving system can drop a copy sent again after a crash. */
  messageId: string;
  language: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** Connections kept open to the SMTP server, and so e-mails sent at once. */
export const SMTP_CONNECTIONS = 4;

/**
 * SMTP through nodemailer (SMTP_URL, e.g. smtp://host:25 or smtps://…), over a small pool of
 * connections reused from one message to the next: a connection and its greeting per e-mail cost
 * both sides more than the e-mail itself.
 */
export function smtpMailer(options: { url: string; from: string; timeoutMs: number }): Mailer {
  const transport: Transporter = createTransport({
    url: options.url,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(email) {
      await transport.sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: { 'Content-Language': email.language, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
}

/**
 * What the delivery log keeps of a failure: the SMTP reply code and nodemailer's error code only
 * (the server's text may quote the recipient's address).
 */
export function describeSmtpError(error: unknown): { detail: string; permanent: boolean } {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : null;
  const code =
    typeof failure.code === 'string' && /^[A-Z_]{2,32}$/.test(failure.code) ? failure.code : 'ERROR';
  return {
    detail: responseCode === null ? code : `${code} ${responseCode}`,
    // 5xx: the server will never take it (unknown mailbox, policy); retrying cannot help.
    permanent: responseCode !== null && responseCode >= 500 && responseCode < 600,
  };
}
