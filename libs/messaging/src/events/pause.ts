/**
 * A sleep that can be cut short: by notify() (new work, only if the wait allows it) or by
 * cancel() (shutdown). A notify that arrives while no one waits is kept for the next wait.
 */
export class Pause {
  private notified = false;
  private current: { interruptible: boolean; finish: () => void } | null = null;

  wait(ms: number, { interruptible }: { interruptible: boolean }): Promise<void> {
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

  cancel(): void {
    this.current?.finish();
  }
}
