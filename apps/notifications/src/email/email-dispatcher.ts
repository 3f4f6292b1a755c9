import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { Counter } from 'prom-client';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { EmailKind } from '#contracts';
import { backoffDelay, deadLetterSubject } from '#messaging';
import { MetricsService } from '#observability';
import { eventSubjects, NATS_CONNECTION, PeriodicJob } from '#service-core';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config.js';
import { DeliveryRepository, EMAIL_QUEUED_CHANNEL, type DeliveryRow } from './delivery.repository.js';
import { describeSmtpError, SMTP_CONNECTIONS, type Mailer } from './mailer.js';
import { renderDigest, renderEmail } from './templates.js';

export const MAILER = Symbol('MAILER');
export const DEAD_LETTER_CONSUMER = 'notifications-email';
const BATCH = 20;
const DIGEST_BATCH = 200;

/** An e-mail the SMTP server took: its deliveries (several for a digest), attempt and Message-ID. */
interface SentEmail {
  rows: DeliveryRow[];
  attempt: number;
  messageId: string;
}

/**
 * Sends queued e-mails: claims due rows, sends each through SMTP, and records sent, retrying (with
 * exponential back-off) or failed; a failed e-mail is also parked in the dead-letter stream.
 */
@Injectable()
export class EmailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailDispatcher.name);
  private readonly sent: Counter<'outcome'>;
  private readonly job: PeriodicJob;
  private stopped = false;
  private listener: { release: () => Promise<void> } | null = null;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly deliveries: DeliveryRepository,
    metrics: MetricsService,
  ) {
    const existing = metrics.registry.getSingleMetric('moni_emails_total');
    this.sent =
      existing instanceof Counter
        ? existing
        : new Counter({
            name: 'moni_emails_total',
            help: 'E-mail delivery attempts by outcome (sent, retrying, failed)',
            labelNames: ['outcome'],
            registers: [metrics.registry],
          });
    this.job = new PeriodicJob({
      name: EmailDispatcher.name,
      intervalMs: config.emailPollMs,
      firstDelayMs: 0,
      run: () => this.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
    void this.listen();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Also ends a running round after its current e-mail (runOnce checks it).
    this.stopped = true;
    await this.job.stop();
    await this.listener?.release();
    this.listener = null;
    this.mailer.close();
  }

  /** A round now: an e-mail was queued (NOTIFY at its commit). */
  wake(): void {
    this.job.wake();
  }

  // LISTEN on a connection of its own, so that a queued e-mail goes out at once and the poll
  // (EMAIL_POLL_MS) only has to find retries and digests. Without it, the poll still finds all.
  private async listen(): Promise<void> {
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      const client = (await queryRunner.connect()) as pg.PoolClient;
      const lost = () => {
        if (this.listener?.release === release) {
          this.listener = null;
          client.removeAllListeners('notification');
          void queryRunner.release().catch(() => undefined);
          if (!this.stopped) {
            this.logger.warn('lost the LISTEN connection for queued e-mails; listening again in 5 s');
            setTimeout(() => void this.listen(), 5_000).unref();
          }
        }
      };
      const release = async () => {
        client.removeAllListeners('notification');
        await client.query(`UNLISTEN ${EMAIL_QUEUED_CHANNEL}`).catch(() => undefined);
        await queryRunner.release().catch(() => undefined);
      };
      client.on('notification', () => this.wake());
      client.on('error', lost);
      client.on('end', lost);
      await client.query(`LISTEN ${EMAIL_QUEUED_CHANNEL}`);
      this.listener = { release };
      if (this.stopped) {
        await release();
        this.listener = null;
      }
    } catch (error) {
      await queryRunner.release().catch(() => undefined);
      if (!this.stopped) {
        this.logger.warn(
          `could not LISTEN for queued e-mails (${(error as Error).message}); retrying in 5 s`,
        );
        setTimeout(() => void this.listen(), 5_000).unref();
      }
    }
  }

  /** One round: every due e-mail and digest (also called by tests to avoid waiting). */
  async runOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const claimed = await this.deliveries.claimDue(this.dataSource, {
        limit: BATCH,
        digestLimit: DIGEST_BATCH,
        leaseMs: this.leaseMs(),
      });
      const singles = claimed.filter((row) => !row.digest);
      const digests = claimed.filter((row) => row.digest);
      // The single e-mails up to SMTP_CONNECTIONS at once, one per pooled connection (each row is
      // claimed, so no other round or replica sends it meanwhile), and recorded in one statement
      // before the digests, so that none waits on them for its record. A crash before a record
      // leaves its e-mails claimed, sent again with the same Message-ID once the claim expires, as
      // after a crash mid-send.
      await this.recordSent(
        await this.deliverAll(
          singles.map((row) => [row]),
          SMTP_CONNECTIONS,
        ),
      );
      // Each recipient's digest in turn.
      await this.recordSent(await this.deliverAll(groupByRecipient(digests), 1));
      handled += claimed.length;
      if ((singles.length < BATCH && digests.length < DIGEST_BATCH) || this.stopped) {
        return handled;
      }
    }
  }

  /** Sends each group as one e-mail, `width` at a time; returns those that went out. */
  private async deliverAll(groups: DeliveryRow[][], width: number): Promise<SentEmail[]> {
    const sent: SentEmail[] = [];
    await inParallel(groups, width, async (group) => {
      const email = await this.deliver(group);
      if (email) {
        sent.push(email);
      }
    });
    return sent;
  }

  private leaseMs(): number {
    return this.config.smtpTimeoutMs * 4;
  }

  private async recordSent(sent: SentEmail[]): Promise<void> {
    if (sent.length === 0) {
      return;
    }
    await this.deliveries.markAllSent(
      this.dataSource,
      sent.flatMap(({ rows, attempt, messageId }) => rows.map((row) => ({ id: row.id, attempt, messageId }))),
    );
    for (const { rows, attempt } of sent) {
      this.sent.inc({ outcome: 'sent' });
      this.logger.log(
        {
          deliveryIds: rows.map((row) => row.id),
          kind: rows[0].kind,
          attempt,
          correlationId: rows[0].correlation_id,
        },
        'e-mail sent',
      );
    }
  }

  /**
   * One e-mail: a single delivery, or a recipient's digest of several. Returns it when the server
   * took it (recorded with the round's others); a refusal is recorded here.
   */
  private async deliver(rows: DeliveryRow[]): Promise<SentEmail | null> {
    const first = rows[0];
    const ids = rows.map((row) => row.id);
    const attempt = Math.max(...rows.map((row) => row.attempts)) + 1;
    const messageId = `<${first.id}@moni.notifications>`;
    try {
      const rendered = first.digest
        ? renderDigest(first.language, countKinds(rows), `${this.config.portalUrl}/notifications`)
        : renderEmail({ kind: first.kind, language: first.language, link: first.link, detail: first.detail });
      await this.mailer.send({ ...rendered, to: first.recipient, messageId, language: first.language });
    } catch (error) {
      const { detail, permanent } = describeSmtpError(error);
      if (permanent || attempt >= this.config.emailMaxAttempts) {
        await this.deliveries.markFailed(this.dataSource, ids, attempt, detail);
        this.sent.inc({ outcome: 'failed' });
        await this.deadLetter(rows, attempt, detail);
        return null;
      }
      const delay = backoffDelay(attempt, {
        initialMs: this.config.emailRetryInitialMs,
        maxMs: this.config.emailRetryMaxMs,
        jitter: 0.1,
      });
      await this.deliveries.markRetrying(this.dataSource, ids, attempt, new Date(Date.now() + delay), detail);
      this.sent.inc({ outcome: 'retrying' });
      this.logger.warn(
        { deliveryIds: ids, attempt, error: detail, correlationId: first.correlation_id },
        `e-mail not accepted (attempt ${attempt}/${this.config.emailMaxAttempts}); retrying in ${delay} ms`,
      );
      return null;
    }
    return { rows, attempt, messageId };
  }

  // The dead letter names the deliveries, never the address: the delivery table has the rest.
  private async deadLetter(rows: DeliveryRow[], attempt: number, reason: string): Promise<void> {
    const first = rows[0];
    const h = headers();
    h.set('Moni-Dlq-Consumer', DEAD_LETTER_CONSUMER);
    h.set('Moni-Dlq-Reason', reason);
    h.set('Moni-Dlq-Delivery-Count', String(attempt));
    h.set('Moni-Dlq-Event-Id', first.event_id);
    h.set('Moni-Dlq-At', new Date().toISOString());
    const subject = deadLetterSubject(eventSubjects(this.config).deadLetters, DEAD_LETTER_CONSUMER, 'email');
    const body = JSON.stringify({
      deliveryIds: rows.map((row) => row.id),
      eventIds: rows.map((row) => row.event_id),
      kind: first.kind,
      attempts: attempt,
      reason,
    });
    try {
      await jetstream(this.nats).publish(subject, body, { msgID: `email:${first.id}`, headers: h });
    } catch (error) {
      // The delivery stays failed in the table, which is what an operator looks at first.
      this.logger.error(`could not dead-letter e-mail ${first.id}: ${(error as Error).message}`);
    }
    this.logger.error(
      { deliveryIds: rows.map((row) => row.id), attempt, error: reason, correlationId: first.correlation_id },
      'e-mail failed for good and was dead-lettered',
    );
  }
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        await work(item);
      }
    }),
  );
}

function groupByRecipient(rows: DeliveryRow[]): DeliveryRow[][] {
  const groups = new Map<string, DeliveryRow[]>();
  for (const row of rows) {
    const group = groups.get(row.recipient) ?? [];
    group.push(row);
    groups.set(row.recipient, group);
  }
  return [...groups.values()];
}

function countKinds(rows: DeliveryRow[]): Partial<Record<EmailKind, number>> {
  const counts: Partial<Record<EmailKind, number>> = {};
  for (const row of rows) {
    counts[row.kind] = (counts[row.kind] ?? 0) + 1;
  }
  return counts;
}
