import { loadGatewayConfig } from '#config';
import { FixedWindowCounter } from './fixed-window.js';
import { StreamSlots } from './stream-slots.js';

describe(FixedWindowCounter.name, () => {
  it('allows the limit per key and window, says when to retry, and starts afresh after the window', () => {
    let now = 1_000;
    const counter = new FixedWindowCounter(2, 60_000, () => now);
    expect(counter.hit('a')).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(counter.hit('a').allowed).toBe(true);
    now += 15_000;
    expect(counter.hit('a')).toEqual({ allowed: false, retryAfterMs: 45_000 });
    expect(counter.hit('b').allowed).toBe(true);
    now += 45_000;
    expect(counter.hit('a')).toEqual({ allowed: true, retryAfterMs: 0 });
  });
});

describe(StreamSlots.name, () => {
  const slots = () =>
    new StreamSlots(loadGatewayConfig({ STREAM_MAX_PER_USER: '2', STREAM_MAX_CONNECTIONS: '3' }));

  it('refuses a user over their cap and everyone over the total, and frees a slot once', () => {
    const s = slots();
    const first = s.acquire('u1');
    s.acquire('u1');
    expect(() => s.acquire('u1')).toThrow(expect.objectContaining({ code: 'RATE.LIMITED' }));
    s.acquire('u2');
    expect(() => s.acquire('u3')).toThrow(expect.objectContaining({ code: 'RATE.LIMITED' }));
    first();
    first();
    expect(s.open).toBe(2);
    expect(() => s.acquire('u3')).not.toThrow();
    expect(() => s.acquire('u1')).toThrow(expect.objectContaining({ code: 'RATE.LIMITED' }));
  });
});
