import type { Logger } from '@nestjs/common';

export interface BackgroundRetryOptions {
  /** The delay before the first retry; it doubles on every failure, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/**
 * Writes that must not be lost when the database is briefly away (the outcome or the release of
 * an idempotency claim): tried once at once, then again in the background with a growing delay
 * until they succeed, their deadline passes or the service shuts down.
 */
export class BackgroundRetries {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Writes not yet done nor given up: waiting for their next try, or trying. */
  private unsettled = 0;
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly options: BackgroundRetryOptions,
  ) {}

  /**
   * Runs `write` now; when it fails, retries it in the background until `deadline` (epoch ms).
   * Resolves after the first try: the caller never waits for the database to come back.
   */
  async attempt(what: string, write: () => Promise<void>, deadline: number): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.logger.warn({ err }, `could not ${what}; retrying in the background`);
      this.unsettled += 1;
      this.retryLater(what, write, deadline, this.options.firstDelayMs, 1);
    }
  }

  /** How many writes wait for their next try or are trying (for tests and metrics). */
  get waiting(): number {
    return this.unsettled;
  }

  /** At shutdown: no more tries (an unwritten claim is taken over once it counts as abandoned). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.unsettled = 0;
  }

  private retryLater(
    what: string,
    write: () => Promise<void>,
    deadline: number,
    delayMs: number,
    tries: number,
  ) {
    if (this.stopped) {
      return;
    }
    if (Date.now() + delayMs >= deadline) {
      this.unsettled -= 1;
      this.logger.warn({ tries }, `${what}: gave up`);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write().then(
        () => {
          this.unsettled -= this.stopped ? 0 : 1;
          this.logger.log({ tries: tries + 1 }, `${what}: done on a retry`);
        },
        () =>
          this.retryLater(what, write, deadline, Math.min(delayMs * 2, this.options.maxDelayMs), tries + 1),
      );
    }, delayMs);
    // A pending retry never keeps a process alive that is otherwise done.
    timer.unref();
    this.timers.add(timer);
  }
}
