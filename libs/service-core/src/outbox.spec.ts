import { loadCommonConfig } from '#config';
import { SYSTEM_ACTOR, type AuditEntryData } from '#contracts';
import { fakeOutboxManager } from '#testing';
import { outboxWriterFactory } from './outbox.js';

const entry: AuditEntryData = {
  action: 'client.read',
  outcome: 'granted',
  targetType: 'client',
  targetId: 'client-1',
  organisationId: 'org-1',
};

async function auditDataWrittenBy(
  serviceName: string,
  subjectTail = `.${serviceName}`,
): Promise<AuditEntryData> {
  const { manager, appended: rows } = fakeOutboxManager(serviceName);
  const writer = outboxWriterFactory(loadCommonConfig(serviceName, { NATS_SUBJECT_PREFIX: 't_x' }));
  await writer.append(manager, 'events.audit.entry.recorded', entry, {
    actor: SYSTEM_ACTOR,
    correlationId: 'corr-1',
  });
  // The subject names the service: the NATS permissions let only it publish there.
  expect(rows[0].subject).toBe(`t_x.events.audit.entry.recorded${subjectTail}`);
  return rows[0].payload.data as AuditEntryData;
}

describe(outboxWriterFactory.name, () => {
  it.each(['clients', 'referrals', 'partners', 'notifications', 'audit'])(
    'stamps %s as the source of the audit entries the service writes',
    async (service) => {
      expect(await auditDataWrittenBy(service)).toEqual({ ...entry, sourceService: service });
    },
  );

  it('stamps nothing for a name that is not a service', async () => {
    expect((await auditDataWrittenBy('benchmark', '')).sourceService).toBeUndefined();
  });
});
