import { deadLetterSubject, eventSubject, streamSubject } from './subjects.js';

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
