/**
 * Counts hits per key in fixed windows (one per key, starting at its first hit). In memory, per
 * gateway replica: with N replicas behind a balancer a user gets up to N times the limit, which is
 * still a bound. Keys whose window has passed are dropped as they are met and on a sweep.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; `retryAfterMs` is set when the key is over its limit in this window. */
  hit(key: string): { allowed: boolean; retryAfterMs: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      this.sweep(now);
    }
    window.count += 1;
    const allowed = window.count <= this.limit;
    return { allowed, retryAfterMs: allowed ? 0 : window.start + this.windowMs - now };
  }

  private lastSweep = 0;

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) {
      return;
    }
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.windowMs) {
        this.windows.delete(key);
      }
    }
  }
}
