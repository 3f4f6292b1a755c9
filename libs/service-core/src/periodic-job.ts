// The one way a service runs work on a timer (expiry, retention, e-mail rounds, clean-ups): every
// replica runs its own, so the work itself must be safe to run concurrently (SKIP LOCKED, bounded
// DELETEs); this only keeps one process's passes apart and its shutdown clean.
import { Logger } from '@nestjs/common';
import { describeError } from '#messaging';

export interface PeriodicJobLogger {
  error(message: string): void;
}

export interface PeriodicJobOptions {
  /** Names the job in the logs. */
  name: string;
  /** From the end of one pass to the start of the next; 0 or less: the job never starts. */
  intervalMs: number;
  /** Before the first pass (default: intervalMs). */
  firstDelayMs?: number;
  /**
   * A wake-up's pass starts no sooner than this after the last pass started (default 0: at once),
   * so that work arriving often (every commit) costs at most one pass per gap.
   */
  wakeGapMs?: number;
  /** One pass; a rejection is logged and the next pass runs as planned. */
  run: () => Promise<unknown>;
  logger?: PeriodicJobLogger;
}

/**
 * Runs `run` every `intervalMs`: the next pass is planned when the last one has ended, so passes
 * never overlap, and `stop()` waits for a running pass, so shutdown never closes the database or
 * NATS under one. Failures are logged with `describeError` (no values of a failed query).
 */
export class PeriodicJob {
  private readonly logger: PeriodicJobLogger;
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = 0;
  private lastStartedAt = -Infinity;
  private running: Promise<void> | null = null;
  private started = false;
  private wokenDuringPass = false;

  constructor(private readonly options: PeriodicJobOptions) {
    this.logger = options.logger ?? new Logger(options.name);
  }

  start(): void {
    if (this.started || this.options.intervalMs <= 0) {
      return;
    }
    this.started = true;
    this.plan(this.options.firstDelayMs ?? this.options.intervalMs);
  }

  /** One pass now, or the running one if there is one (never two at a time). */
  runNow(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
      if (this.wokenDuringPass && this.started) {
        this.wokenDuringPass = false;
        this.plan(this.wakeDelay());
      }
    });
    return this.running;
  }

  /**
   * New work arrived: a pass at once, or right after the running one (which may have missed it);
   * with `wakeGapMs`, not before that long after the last pass started.
   */
  wake(): void {
    if (!this.started) {
      return;
    }
    if (this.running) {
      this.wokenDuringPass = true;
      return;
    }
    const delay = this.wakeDelay();
    // A pass planned as soon already serves (a wake-up while one is waiting out the gap).
    if (!this.timer || this.timerDueAt > Date.now() + delay) {
      this.plan(delay);
    }
  }

  /** No further pass; resolves when the running one (if any) has ended. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.running;
  }

  private wakeDelay(): number {
    return Math.max(0, this.lastStartedAt + (this.options.wakeGapMs ?? 0) - Date.now());
  }

  private plan(delayMs: number): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timerDueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow().finally(() => {
        // Unless a wake-up during the pass has planned the next one already.
        if (this.started && !this.timer) {
          this.plan(this.options.intervalMs);
        }
      });
    }, delayMs);
    // The servers keep the process alive; a planned pass alone must not.
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    this.lastStartedAt = Date.now();
    try {
      await this.options.run();
    } catch (error) {
      this.logger.error(
        `${this.options.name} failed; next pass in ${this.options.intervalMs} ms: ${describeError(error)}`,
      );
    }
  }
}
