import { formatDeadLetters, parseDlqArgs } from './command.js';

describe('parseDlqArgs', () => {
  it.each([
    [['list'], { kind: 'list', json: false }],
    [['list', '--json'], { kind: 'list', json: true }],
    [['show', '12'], { kind: 'show', id: 12 }],
    [['drop', '3'], { kind: 'drop', id: 3 }],
    [['replay', '7'], { kind: 'replay', ids: [7], keep: false }],
    [['replay', '7', '--keep'], { kind: 'replay', ids: [7], keep: true }],
    [['replay', '--all'], { kind: 'replay', ids: 'all', keep: false }],
  ])('%j', (argv, expected) => {
    expect(parseDlqArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], 'no command'],
    [['purge'], 'unknown command "purge"'],
    [['list', 'x'], 'list takes no "x"'],
    [['show'], 'show takes one dead-letter id (a positive integer from list)'],
    [['show', '0'], 'show takes one dead-letter id (a positive integer from list)'],
    [['drop', '1', '2'], 'drop takes one dead-letter id (a positive integer from list)'],
    [['drop', '--all'], 'drop takes one dead-letter id (a positive integer from list)'],
    [['replay'], 'replay takes one dead-letter id or --all (and optionally --keep)'],
    [['replay', '--all', '4'], 'replay takes one dead-letter id or --all (and optionally --keep)'],
    [['replay', 'abc'], 'replay takes one dead-letter id or --all (and optionally --keep)'],
    [['replay', '4', '--force'], 'replay takes one dead-letter id or --all (and optionally --keep)'],
  ])('refuses %j', (argv, error) => {
    expect(parseDlqArgs(argv)).toEqual({ error });
  });
});

describe('formatDeadLetters', () => {
  it('says so when there are none', () => {
    expect(formatDeadLetters([])).toBe('no dead letters');
  });

  it('aligns one line per dead letter and keeps a long reason on one short line', () => {
    const text = formatDeadLetters([
      {
        id: 4,
        subject: 'deadletter.notifications-email.email',
        consumer: 'notifications-email',
        originalSubject: null,
        eventId: 'e1',
        eventType: null,
        deliveryCount: 6,
        reason: `SMTP 451\n${'x'.repeat(200)}`,
        deadLetteredAt: '2026-12-03T10:00:00.000Z',
        body: '{}',
      },
    ]);
    const [header, row] = text.split('\n');
    expect(header).toMatch(/^ID\s+DEAD-LETTERED AT\s+CONSUMER\s+EVENT TYPE\s+EVENT ID\s+TRIES\s+REASON$/);
    expect(row).toMatch(
      /^4\s+2026-12-03T10:00:00.000Z\s+notifications-email\s+\(not an event\)\s+e1\s+6\s+SMTP 451 x+…$/,
    );
    expect(row.indexOf('notifications-email')).toBe(header.indexOf('CONSUMER'));
  });
});
