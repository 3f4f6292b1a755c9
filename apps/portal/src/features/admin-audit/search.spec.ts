import { toIso } from './search.js';

describe('audit search times', () => {
  it('reads a from/until time on a Helsinki clock, as the results show theirs', () => {
    expect(toIso('2026-12-05T10:30')).toBe('2026-12-05T08:30:00.000Z');
    expect(toIso('2026-07-01T00:00')).toBe('2026-06-30T21:00:00.000Z');
  });

  it('passes anything else on as typed, for the API to refuse with its field', () => {
    expect(toIso(undefined)).toBeUndefined();
    expect(toIso('')).toBeUndefined();
    expect(toIso('yesterday')).toBe('yesterday');
    expect(toIso('2026-13-45T10:30')).toBe('2026-13-45T10:30');
  });
});
