import { StreamAccess } from './stream-access.js';

function setup(intervalMs = 1_000) {
  let now = 0;
  const delivered: string[] = [];
  const closed = { count: 0 };
  const verdicts: ((allowed: boolean) => void)[] = [];
  const access = new StreamAccess({
    intervalMs,
    verify: () => new Promise<boolean>((resolve) => verdicts.push(resolve)),
    deliver: (frame) => delivered.push(frame),
    close: () => {
      closed.count += 1;
    },
    now: () => now,
  });
  return {
    access,
    delivered,
    closed,
    verdicts,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamAccess', () => {
  it('pushes at once while the membership was checked within the interval', () => {
    const { access, delivered, verdicts } = setup();
    access.push('a');
    expect(delivered).toEqual(['a']);
    expect(verdicts).toHaveLength(0);
  });

  it('holds frames after the interval until a check allows them, in order', async () => {
    const { access, delivered, verdicts, advance } = setup();
    advance(1_000);
    access.push('a');
    access.push('b');
    expect(delivered).toEqual([]);
    expect(verdicts).toHaveLength(1);
    verdicts[0](true);
    await settle();
    expect(delivered).toEqual(['a', 'b']);
    access.push('c');
    expect(delivered).toEqual(['a', 'b', 'c']);
  });

  it('closes the stream and drops what it held when the membership is refused or the check fails', async () => {
    const { access, delivered, closed, verdicts, advance } = setup();
    advance(2_000);
    access.push('secret');
    verdicts[0](false);
    await settle();
    expect(delivered).toEqual([]);
    expect(closed.count).toBe(1);
    access.push('more');
    expect(delivered).toEqual([]);

    const failing = new StreamAccess({
      intervalMs: 10,
      verify: () => Promise.reject(new Error('partners down')),
      deliver: () => undefined,
      close: () => {
        closed.count += 1;
      },
    });
    await failing.recheck();
    expect(closed.count).toBe(2);
  });

  it('runs one check at a time for the periodic timer and pushes alike', () => {
    const { access, verdicts, advance } = setup();
    advance(5_000);
    void access.recheck();
    access.push('a');
    void access.recheck();
    expect(verdicts).toHaveLength(1);
  });
});
