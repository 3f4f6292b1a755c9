import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { MetricsService } from '#observability';
import type { NotificationsConfig } from '../config.js';
import type { DeliveryRepository, DeliveryRow } from './delivery.repository.js';
import { EmailDispatcher } from './email-dispatcher.js';
import { describeSmtpError, type Mailer } from './mailer.js';

describe('describeSmtpError', () => {
  it('keeps the codes only (the server’s text may quote the address) and calls 5xx permanent', () => {
    expect(
      describeSmtpError(
        Object.assign(new Error('550 <a@b.example> unknown'), { code: 'EENVELOPE', responseCode: 550 }),
      ),
    ).toEqual({
      detail: 'EENVELOPE 550',
      permanent: true,
    });
    expect(describeSmtpError(Object.assign(new Error('x'), { code: 'ECONNECTION' }))).toEqual({
      detail: 'ECONNECTION',
      permanent: false,
    });
    expect(describeSmtpError('boom')).toEqual({ detail: 'ERROR', permanent: false });
  });
});

describe('EmailDispatcher.runOnce', () => {
  const row = (id: string, recipient: string, digest = false, attempts = 0): DeliveryRow => ({
    id,
    event_id: `event-${id}`,
    kind: 'referral.sent',
    recipient,
    recipient_user_id: null,
    language: 'fi',
    link: 'https://portal.moni.test/referrals/x',
    detail: {},
    digest,
    status: 'queued',
    attempts,
    next_attempt_at: new Date(),
    last_error: null,
    message_id: null,
    correlation_id: 'c',
    sent_at: null,
  });

  function dispatcherWith(claims: DeliveryRow[][], refused: string[]) {
    const calls: { claimDue: number; markAllSent: { id: string; attempt: number; messageId: string }[][] } = {
      claimDue: 0,
      markAllSent: [],
    };
    const retried: string[][] = [];
    const deliveries = {
      claimDue: () => Promise.resolve(claims[calls.claimDue++] ?? []),
      markAllSent: (_ds: unknown, sent: { id: string; attempt: number; messageId: string }[]) => {
        calls.markAllSent.push(sent);
        return Promise.resolve();
      },
      markRetrying: (_ds: unknown, ids: string[]) => {
        retried.push(ids);
        return Promise.resolve();
      },
    } as unknown as DeliveryRepository;
    const sentTo: string[] = [];
    const mailer: Mailer = {
      send: (email) => {
        if (refused.includes(email.to)) {
          return Promise.reject(Object.assign(new Error('busy'), { code: 'EMESSAGE', responseCode: 451 }));
        }
        sentTo.push(email.to);
        return Promise.resolve();
      },
      close: () => undefined,
    };
    const config = {
      emailPollMs: 60_000,
      smtpTimeoutMs: 1_000,
      emailMaxAttempts: 5,
      emailRetryInitialMs: 1_000,
      emailRetryMaxMs: 10_000,
      portalUrl: 'https://portal.moni.test',
    } as NotificationsConfig;
    const dispatcher = new EmailDispatcher(
      config,
      {} as DataSource,
      {} as NatsConnection,
      mailer,
      deliveries,
      new MetricsService(),
    );
    return { dispatcher, calls, retried, sentTo };
  }

  it('records a round’s e-mails as sent in one call, then its digests, a digest’s entries with its one Message-ID', async () => {
    const { dispatcher, calls, retried, sentTo } = dispatcherWith(
      [
        [
          row('a', 'a@test.example'),
          row('b', 'b@test.example', false, 1),
          row('c', 'refused@test.example'),
          row('d1', 'digest@test.example', true),
          row('d2', 'digest@test.example', true, 2),
        ],
      ],
      ['refused@test.example'],
    );
    expect(await dispatcher.runOnce()).toBe(5);
    expect(calls.claimDue).toBe(1);
    expect(sentTo.sort()).toEqual(['a@test.example', 'b@test.example', 'digest@test.example']);
    // The single e-mails in one call as soon as they are out, then the digest's entries with its
    // one Message-ID.
    expect(calls.markAllSent.map((sent) => sent.sort((x, y) => x.id.localeCompare(y.id)))).toEqual([
      [
        { id: 'a', attempt: 1, messageId: '<a@moni.notifications>' },
        { id: 'b', attempt: 2, messageId: '<b@moni.notifications>' },
      ],
      [
        { id: 'd1', attempt: 3, messageId: '<d1@moni.notifications>' },
        { id: 'd2', attempt: 3, messageId: '<d1@moni.notifications>' },
      ],
    ]);
    // The refused one is recorded for a retry, not as sent.
    expect(retried).toEqual([['c']]);
  });

  it('claims again while a round comes back full, and stops at the first that is not', async () => {
    const full = Array.from({ length: 20 }, (_, i) => row(`s${i}`, `s${i}@test.example`));
    const { dispatcher, calls } = dispatcherWith([full, [row('last', 'last@test.example')]], []);
    expect(await dispatcher.runOnce()).toBe(21);
    expect(calls.claimDue).toBe(2);
    expect(calls.markAllSent.map((sent) => sent.length)).toEqual([20, 1]);
  });
});
