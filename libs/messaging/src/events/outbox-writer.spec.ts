import { jest } from '@jest/globals';
import { SYSTEM_ACTOR, type AuditEntryData } from '#contracts';
import { fakeOutboxManager } from '#testing';
import { OutboxWriter, withAuditSource } from './outbox-writer.js';

const entry = (overrides: Partial<AuditEntryData> = {}): AuditEntryData => ({
  action: 'organisation.created',
  outcome: 'granted',
  targetType: 'organisation',
  targetId: 'org-1',
  organisationId: null,
  ...overrides,
});

const context = { actor: SYSTEM_ACTOR, correlationId: 'corr-1' };

describe(withAuditSource.name, () => {
  it('fills in the source of an audit entry that leaves it out', () => {
    expect(withAuditSource('events.audit.entry.recorded', entry(), 'partners')).toEqual(
      entry({ sourceService: 'partners' }),
    );
  });

  it('keeps a source the caller set', () => {
    const given = entry({ sourceService: 'gateway' });
    expect(withAuditSource('events.audit.entry.recorded', given, 'partners')).toBe(given);
  });

  it('leaves other events and a writer without a source alone', () => {
    const data = { probeId: 'p-1', sequence: 1 };
    expect(withAuditSource('events.system.probe.recorded', data, 'partners')).toBe(data);
    const audit = entry();
    expect(withAuditSource('events.audit.entry.recorded', audit, undefined)).toBe(audit);
  });
});

describe(OutboxWriter.name, () => {
  it("stamps the service's name on every audit entry it writes, under its subject prefix", async () => {
    const { manager, appended: inserted } = fakeOutboxManager('partners');
    const writer = new OutboxWriter({ subjectPrefix: 't_1.events', sourceService: 'clients' });

    const envelope = await writer.append(manager, 'events.audit.entry.recorded', entry(), context);
    await writer.append(
      manager,
      'events.audit.entry.recorded',
      entry({ sourceService: 'referrals' }),
      context,
    );
    await writer.append(manager, 'events.system.probe.recorded', { probeId: 'p', sequence: 1 }, context);

    expect(envelope.data.sourceService).toBe('clients');
    expect(inserted.map((row) => [row.subject, row.payload.data])).toEqual([
      // The subject names the writing service, whatever the entry claims (the audit log trusts the subject).
      ['t_1.events.audit.entry.recorded.clients', entry({ sourceService: 'clients' })],
      ['t_1.events.audit.entry.recorded.clients', entry({ sourceService: 'referrals' })],
      ['t_1.events.system.probe.recorded', { probeId: 'p', sequence: 1 }],
    ]);
  });

  it("writes a change's events in one statement, in the given order, each stamped as append would", async () => {
    const { manager, appended: inserted } = fakeOutboxManager('referrals');
    const statements = jest.spyOn(manager, 'query');
    const writer = new OutboxWriter({ subjectPrefix: 't_1.events', sourceService: 'referrals' });

    const envelopes = await writer.appendAll(
      manager,
      [
        { type: 'events.system.probe.recorded', data: { probeId: 'p', sequence: 1 } },
        { type: 'events.audit.entry.recorded', data: entry() },
      ],
      context,
    );

    expect(statements).toHaveBeenCalledTimes(1);
    expect(inserted.map((row) => [row.type, row.subject, row.payload.data, row.channel])).toEqual([
      [
        'events.system.probe.recorded',
        't_1.events.system.probe.recorded',
        { probeId: 'p', sequence: 1 },
        'moni_outbox_referrals',
      ],
      [
        'events.audit.entry.recorded',
        't_1.events.audit.entry.recorded.referrals',
        entry({ sourceService: 'referrals' }),
        'moni_outbox_referrals',
      ],
    ]);
    expect(envelopes.map((envelope) => envelope.type)).toEqual([
      'events.system.probe.recorded',
      'events.audit.entry.recorded',
    ]);
    expect(new Set(envelopes.map((envelope) => envelope.id)).size).toBe(2);
  });

  it('writes nothing for a change with no events', async () => {
    const { manager, appended: inserted } = fakeOutboxManager('referrals');
    const statements = jest.spyOn(manager, 'query');

    expect(await new OutboxWriter().appendAll(manager, [], context)).toEqual([]);
    expect(statements).not.toHaveBeenCalled();
    expect(inserted).toEqual([]);
  });

  it('writes the entry as given when it has no source to stamp', async () => {
    const { manager, appended: inserted } = fakeOutboxManager('partners');
    await new OutboxWriter().append(manager, 'events.audit.entry.recorded', entry(), context);
    expect(inserted[0].payload.data).toEqual(entry());
    expect(inserted[0].subject).toBe('events.audit.entry.recorded');
    // The same statement wakes the schema's relay at commit.
    expect(inserted[0].channel).toBe('moni_outbox_partners');
  });
});
