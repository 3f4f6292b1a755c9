// Dates as the portal writes them, in Finnish time whatever the browser's time zone.
import { formatDate, formatDeadline } from './format';

describe('formatDeadline', () => {
  it('names the last day a deadline allows, the day before the midnight (Helsinki) that ends it', () => {
    // Midnight at the start of Saturday 12 December in Helsinki (UTC+2): the promise ended with Friday.
    expect(formatDeadline('2026-12-11T22:00:00Z', 'fi')).toBe('11.12.2026');
    expect(formatDeadline('2026-12-11T22:00:00Z', 'sv')).toBe('11 dec. 2026');
    expect(formatDeadline('2026-12-11T22:00:00Z', 'en')).toBe('11 Dec 2026');
    // In summer time (UTC+3) too.
    expect(formatDeadline('2026-06-11T21:00:00Z', 'fi')).toBe('11.6.2026');
  });

  it('differs from the date of the same instant, which is the day after', () => {
    expect(formatDate('2026-12-11T22:00:00Z', 'fi')).toBe('12.12.2026');
  });

  it('writes nothing for a missing or unreadable value', () => {
    expect(formatDeadline(null, 'fi')).toBe('');
    expect(formatDeadline(undefined, 'fi')).toBe('');
    expect(formatDeadline('not a date', 'fi')).toBe('');
  });
});
