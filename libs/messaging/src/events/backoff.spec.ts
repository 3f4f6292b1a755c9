import { backoffDelay } from './backoff.js';

describe(backoffDelay.name, () => {
  const options = { initialMs: 100, maxMs: 1_000 };

  it('starts at the initial delay and doubles per attempt', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, even for huge attempt counts', () => {
    expect(backoffDelay(5, options)).toBe(1_000);
    expect(backoffDelay(10_000, options)).toBe(1_000);
  });

  it('treats a zero, negative or non-finite attempt as the first', () => {
    expect(backoffDelay(0, options)).toBe(100);
    expect(backoffDelay(-3, options)).toBe(100);
    expect(backoffDelay(Number.NaN, options)).toBe(100);
  });

  it('uses the given growth factor', () => {
    expect(backoffDelay(3, { ...options, factor: 3 })).toBe(900);
  });

  it('takes at most the jitter fraction off the delay', () => {
    expect(backoffDelay(2, { ...options, jitter: 0.5 }, () => 0)).toBe(200);
    expect(backoffDelay(2, { ...options, jitter: 0.5 }, () => 0.999999)).toBe(100);
    expect(backoffDelay(2, { ...options, jitter: 7 }, () => 0.5)).toBe(100);
  });
});
