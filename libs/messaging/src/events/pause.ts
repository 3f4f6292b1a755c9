/**
 * A sleep that can be cut short: by notify() (new work, only if the wait allows it) or by
 * cancel() (shutdown). A notify that arrives while no one waits is kept for the next wait.
 */
export class Pause {
  private notified = false;
  private cancelled = false;
  private current: { interruptible: boolean; finish: () => void } | null = null;

  wait(ms: number, { interruptible }: { interruptible: boolean }): Promise<void> {
    if (this.cancelled) {
      return Promise.resolve();
    }
    if (interruptible && this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.current = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.current = { interruptible, finish };
    });
  }

  notify(): void {
    if (this.current?.interruptible) {
      this.current.finish();
    } else {
      this.notified = true;
    }
  }

  /**
   * Ends the wait in progress and every later one at once, until resume(): a loop told to stop
   * while it was busy (not waiting) must not then sleep its full interval before it sees it.
   */
  cancel(): void {
    this.cancelled = true;
    this.current?.finish();
  }

  /** Waits sleep again (for a loop started anew after cancel()). */
  resume(): void {
    this.cancelled = false;
  }
}
