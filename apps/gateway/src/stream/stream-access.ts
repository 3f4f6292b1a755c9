// An open stream keeps its right to receive only while its user stays an active member: the
// membership is re-resolved every STREAM_RECHECK_MS and, after that long without a check, before
// anything more is pushed. A refusal (or a failed check) closes the stream; the client reconnects
// with Last-Event-ID, passes the ActorGuard again or is refused, and misses nothing.

export interface StreamAccessOptions {
  intervalMs: number;
  /** Resolves true while the connection may still receive; false or a rejection closes it. */
  verify(): Promise<boolean>;
  /** Pushes one frame to the connection. */
  deliver(frame: string): void;
  close(): void;
  now?: () => number;
}

/** The most frames held while a check runs; more closes the stream (the client resumes). */
const MAX_PENDING = 1_000;

export class StreamAccess {
  private checkedAt: number;
  private checking: Promise<void> | null = null;
  private pending: string[] = [];
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: StreamAccessOptions) {
    this.now = options.now ?? Date.now;
    // The ActorGuard resolved the membership for this very request.
    this.checkedAt = this.now();
  }

  /** Pushes the frame now if the membership was checked recently, else after a check. */
  push(frame: string): void {
    if (this.closed) {
      return;
    }
    if (!this.checking && this.now() - this.checkedAt < this.options.intervalMs) {
      this.options.deliver(frame);
      return;
    }
    if (this.pending.length >= MAX_PENDING) {
      this.stop();
      return;
    }
    this.pending.push(frame);
    void this.recheck();
  }

  /** The periodic check (and the one before a push to a connection not checked in the interval). */
  recheck(): Promise<void> {
    if (this.closed) {
      return Promise.resolve();
    }
    this.checking ??= this.options
      .verify()
      .catch(() => false)
      .then((allowed) => {
        this.checking = null;
        if (!allowed) {
          this.stop();
          return;
        }
        this.checkedAt = this.now();
        const frames = this.pending;
        this.pending = [];
        frames.forEach((frame) => this.push(frame));
      });
    return this.checking;
  }

  /** The connection ended: nothing more is pushed. */
  dispose(): void {
    this.closed = true;
    this.pending = [];
  }

  private stop(): void {
    if (!this.closed) {
      this.dispose();
      this.options.close();
    }
  }
}
