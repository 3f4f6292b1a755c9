import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { BackgroundRetries } from './background-retries.js';

/** A write that fails `failures` times, then succeeds; it says when it was tried. */
function flakyWrite(failures: number) {
  const tries: number[] = [];
  const write = () => {
    tries.push(Date.now());
    return tries.length <= failures ? Promise.reject(new Error('database away')) : Promise.resolve();
  };
  return { write, tries };
}

describe(BackgroundRetries.name, () => {
  const logger = new Logger('test');
  const retries = () => new BackgroundRetries(logger, { firstDelayMs: 100, maxDelayMs: 400 });

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    jest.spyOn(logger, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.useRealTimers());

  it('writes once when the database answers, and leaves nothing waiting', async () => {
    const background = retries();
    const { write, tries } = flakyWrite(0);
    await background.attempt('release', write, 10_000);
    expect(tries).toEqual([0]);
    expect(background.waiting).toBe(0);
  });

  it('retries a failed write with a growing delay, up to the largest, until it succeeds', async () => {
    const background = retries();
    const { write, tries } = flakyWrite(5);
    await background.attempt('release', write, 10_000);
    expect(background.waiting).toBe(1);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(tries).toEqual([0, 100, 300, 700, 1100, 1500]);
    expect(background.waiting).toBe(0);
  });

  it('gives up at the deadline (the claim may then be taken over)', async () => {
    const background = retries();
    const { write, tries } = flakyWrite(Infinity);
    await background.attempt('release', write, 1_000);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(tries).toEqual([0, 100, 300, 700]);
    expect(background.waiting).toBe(0);
  });

  it('stops retrying at shutdown', async () => {
    const background = retries();
    const { write, tries } = flakyWrite(Infinity);
    await background.attempt('release', write, 10_000);
    background.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(tries).toEqual([0]);
    expect(background.waiting).toBe(0);
  });
});
