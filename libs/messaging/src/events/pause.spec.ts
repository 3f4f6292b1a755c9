import { jest } from '@jest/globals';
import { Pause } from './pause.js';

describe(Pause.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settled = async (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('resolves after the given time', async () => {
    const pause = new Pause();
    const waiting = pause.wait(1_000, { interruptible: true });

    jest.advanceTimersByTime(999);
    expect(await settled(waiting)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(waiting)).toBe(true);
  });

  it('wakes an interruptible wait on notify', async () => {
    const pause = new Pause();
    const waiting = pause.wait(60_000, { interruptible: true });

    pause.notify();

    expect(await settled(waiting)).toBe(true);
  });

  it('lets a back-off wait run its course despite notify, but not despite cancel', async () => {
    const pause = new Pause();
    const waiting = pause.wait(60_000, { interruptible: false });

    pause.notify();
    expect(await settled(waiting)).toBe(false);
    pause.cancel();
    expect(await settled(waiting)).toBe(true);
  });

  it('keeps a notify that arrived while nobody waited for the next interruptible wait', async () => {
    const pause = new Pause();
    pause.notify();

    expect(await settled(pause.wait(60_000, { interruptible: true }))).toBe(true);
  });

  it('ends at once every wait that starts after cancel, until resume', async () => {
    const pause = new Pause();
    pause.cancel();

    expect(await settled(pause.wait(60_000, { interruptible: false }))).toBe(true);
    expect(await settled(pause.wait(60_000, { interruptible: true }))).toBe(true);

    pause.resume();
    const waiting = pause.wait(60_000, { interruptible: false });
    expect(await settled(waiting)).toBe(false);
    jest.advanceTimersByTime(60_000);
    expect(await settled(waiting)).toBe(true);
  });
});
