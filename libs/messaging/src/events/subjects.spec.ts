import {
  deadLetterSubject,
  eventFilterSubject,
  eventSubject,
  eventTypeOfSubject,
  publishSubject,
  streamSubject,
  subjectSource,
} from './subjects.js';

describe(eventSubject.name, () => {
  it('publishes an event on its type by default', () => {
    expect(eventSubject('events.system.probe.recorded')).toBe('events.system.probe.recorded');
  });

  it('replaces the leading "events" with a test prefix', () => {
    expect(eventSubject('events.system.probe.recorded', 't_ab12.events')).toBe(
      't_ab12.events.system.probe.recorded',
    );
  });

  it('rejects a prefix with wildcards, spaces or empty tokens', () => {
    for (const prefix of ['', 'a.*', 'a.>', 'a b', 'a..b', 'a.']) {
      expect(() => eventSubject('events.system.probe.recorded', prefix)).toThrow('invalid subject prefix');
    }
  });
});

describe(eventTypeOfSubject.name, () => {
  it('gives back the type of a subject under the prefix, and null for one outside it', () => {
    expect(eventTypeOfSubject('events.referrals.referral.sent')).toBe('events.referrals.referral.sent');
    expect(
      eventTypeOfSubject(eventSubject('events.referrals.referral.sent', 't_ab12.events'), 't_ab12.events'),
    ).toBe('events.referrals.referral.sent');
    expect(eventTypeOfSubject('t_other.events.referrals.referral.sent', 't_ab12.events')).toBeNull();
    expect(eventTypeOfSubject('eventsx.referrals.referral.sent')).toBeNull();
  });
});

describe(streamSubject.name, () => {
  it('covers every subject under the prefix', () => {
    expect(streamSubject('t_x.events')).toBe('t_x.events.>');
  });
});

describe(deadLetterSubject.name, () => {
  it('files a dead letter under the consumer and the original subject', () => {
    expect(deadLetterSubject('deadletter', 'notifications', 'events.a.b.c')).toBe(
      'deadletter.notifications.events.a.b.c',
    );
  });
});

describe('source-bound subjects (audit entries)', () => {
  const audit = 'events.audit.entry.recorded';

  it('publishes an audit entry on a subject naming its service, other events on their own', () => {
    expect(publishSubject(audit, 't_1.events', 'clients')).toBe('t_1.events.audit.entry.recorded.clients');
    expect(publishSubject(audit, 't_1.events')).toBe('t_1.events.audit.entry.recorded');
    expect(publishSubject('events.system.probe.recorded', 'events', 'clients')).toBe(
      'events.system.probe.recorded',
    );
  });

  it('filters both forms, and reads the source from the subject only where the type allows one', () => {
    expect(eventFilterSubject(audit, 't_1.events')).toBe('t_1.events.audit.entry.>');
    expect(eventFilterSubject('events.system.probe.recorded')).toBe('events.system.probe.recorded');
    expect(subjectSource(audit, 'events.audit.entry.recorded.referrals')).toEqual({ source: 'referrals' });
    expect(subjectSource(audit, 'events.audit.entry.recorded')).toEqual({ source: null });
    expect(subjectSource(audit, 'events.audit.entry.other')).toBeUndefined();
    expect(subjectSource(audit, 'events.audit.entry.recorded.a.b')).toBeUndefined();
    expect(
      subjectSource('events.system.probe.recorded', 'events.system.probe.recorded.clients'),
    ).toBeUndefined();
  });
});
