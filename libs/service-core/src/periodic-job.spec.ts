import { jest } from '@jest/globals';
import { PeriodicJob, type PeriodicJobOptions } from './periodic-job.js';

/** A pass that ends only when the test says so. */
function controlledPass() {
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const started: number[] = [];
  const run = () => {
    started.push(Date.now());
    return new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { run, started, finish: () => finish(), fail: (error: unknown) => fail(error) };
}

function job(options: Partial<PeriodicJobOptions> & Pick<PeriodicJobOptions, 'run'>) {
  const errors: string[] = [];
  const periodic = new PeriodicJob({
    name: 'test-job',
    intervalMs: 1000,
    logger: { error: (message) => errors.push(message) },
    ...options,
  });
  return { periodic, errors };
}

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('runs a pass every interval, the first after the interval or the given first delay', async () => {
    let passes = 0;
    const { periodic } = job({ run: () => Promise.resolve(void passes++) });
    periodic.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(passes).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(passes).toBe(1);
    await jest.advanceTimersByTimeAsync(3000);
    expect(passes).toBe(4);
    await periodic.stop();

    let early = 0;
    const first = job({ firstDelayMs: 0, run: () => Promise.resolve(void early++) }).periodic;
    first.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(early).toBe(1);
    await first.stop();
  });

  it('never starts with an interval of 0 or less', async () => {
    let passes = 0;
    const { periodic } = job({ intervalMs: 0, run: () => Promise.resolve(void passes++) });
    periodic.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(passes).toBe(0);
  });

  it('never overlaps passes: the next is planned an interval after the last one ended', async () => {
    const pass = controlledPass();
    const { periodic } = job({ run: pass.run });
    periodic.start();
    await jest.advanceTimersByTimeAsync(1000);
    expect(pass.started).toEqual([1000]);
    await jest.advanceTimersByTimeAsync(5000); // the pass is still running
    expect(pass.started).toEqual([1000]);
    // A pass asked for now joins the running one.
    const joined = periodic.runNow();
    expect(pass.started).toEqual([1000]);
    pass.finish();
    await joined;
    await jest.advanceTimersByTimeAsync(999);
    expect(pass.started).toEqual([1000]);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass.started).toEqual([1000, 7000]);
    pass.finish();
    await periodic.stop();
  });

  it('wakes for new work: a pass at once when idle, right after the running one otherwise', async () => {
    const pass = controlledPass();
    const { periodic } = job({ run: pass.run });
    periodic.wake(); // not started: nothing
    await jest.advanceTimersByTimeAsync(0);
    expect(pass.started).toEqual([]);
    periodic.start();
    await jest.advanceTimersByTimeAsync(100);
    periodic.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(pass.started).toEqual([100]);
    // Woken during the pass: the next one follows at once, not an interval later, and only once.
    periodic.wake();
    periodic.wake();
    await jest.advanceTimersByTimeAsync(400);
    pass.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(pass.started).toEqual([100, 500]);
    pass.finish();
    await jest.advanceTimersByTimeAsync(999);
    expect(pass.started).toEqual([100, 500]);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass.started).toEqual([100, 500, 1500]);
    pass.finish();
    await periodic.stop();
  });

  it('with a wake gap, a wake-up waits until the gap after the last pass start, and many make one pass', async () => {
    const pass = controlledPass();
    const { periodic } = job({ intervalMs: 60_000, firstDelayMs: 0, wakeGapMs: 1000, run: pass.run });
    periodic.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(pass.started).toEqual([0]);
    pass.finish();
    // Woken 200 ms after the first pass started: the next waits until 1000, however many wake-ups.
    await jest.advanceTimersByTimeAsync(200);
    periodic.wake();
    periodic.wake();
    await jest.advanceTimersByTimeAsync(799);
    expect(pass.started).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass.started).toEqual([0, 1000]);
    // Woken during a pass (as a failed pass wakes its own job): the next a gap after this one
    // started, not at once after it ends.
    periodic.wake();
    await jest.advanceTimersByTimeAsync(100);
    pass.finish();
    await jest.advanceTimersByTimeAsync(899);
    expect(pass.started).toEqual([0, 1000]);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass.started).toEqual([0, 1000, 2000]);
    pass.finish();
    // Long after the last pass: at once; with nothing to wake it, only the interval's pass.
    await jest.advanceTimersByTimeAsync(5000);
    periodic.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(pass.started).toEqual([0, 1000, 2000, 7000]);
    pass.finish();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(pass.started).toEqual([0, 1000, 2000, 7000]);
    await jest.advanceTimersByTimeAsync(1);
    expect(pass.started).toEqual([0, 1000, 2000, 7000, 67_000]);
    pass.finish();
    await periodic.stop();
  });

  it('stop waits for the running pass and plans no further one', async () => {
    const pass = controlledPass();
    const { periodic } = job({ run: pass.run });
    periodic.start();
    await jest.advanceTimersByTimeAsync(1000);
    let stopped = false;
    const stopping = periodic.stop().then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    pass.finish();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(pass.started).toEqual([1000]);
  });

  it('stop before the first pass cancels it', async () => {
    let passes = 0;
    const { periodic } = job({ run: () => Promise.resolve(void passes++) });
    periodic.start();
    await periodic.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(passes).toBe(0);
  });

  it('logs a failed pass without the values of a failed query, and runs the next one', async () => {
    let passes = 0;
    const databaseError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      name: 'QueryFailedError',
      query: 'INSERT INTO clients (name) VALUES ($1)',
      parameters: ['Maija Meikäläinen'],
      driverError: {
        code: '23505',
        severity: 'ERROR',
        constraint: 'clients_name_key',
        detail: 'Key (name)=(Maija Meikäläinen) already exists.',
      },
    });
    const { periodic, errors } = job({
      run: () => (++passes === 1 ? Promise.reject(databaseError) : Promise.resolve()),
    });
    periodic.start();
    await jest.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('test-job failed');
    expect(errors[0]).toContain('SQLSTATE 23505');
    expect(errors[0]).not.toContain('Maija');
    await jest.advanceTimersByTimeAsync(1000);
    expect(passes).toBe(2);
    expect(errors).toHaveLength(1);
    await periodic.stop();
  });
});
