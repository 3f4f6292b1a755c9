import { describeError, log, logError } from './log.js';
import { describeExit, type ManagedProcess } from './processes.js';

/** Thrown into the start-up sequence once a shutdown has begun, so that it starts nothing more. */
export class StopRequested extends Error {
  constructor() {
    super('stop requested');
  }
}

interface Cleanup {
  name: string;
  stop: () => Promise<unknown>;
}

/**
 * Remembers what the launcher started and stops it in reverse order: services, then the identity
 * provider, NATS and PostgreSQL. Exits the process when done.
 */
export class Supervisor {
  private readonly cleanups: Cleanup[] = [];
  private shutdownStarted = false;

  get stopping(): boolean {
    return this.shutdownStarted;
  }

  /** Call between start-up steps. */
  checkpoint(): void {
    if (this.shutdownStarted) {
      throw new StopRequested();
    }
  }

  defer(name: string, stop: () => Promise<unknown>): void {
    this.cleanups.push({ name, stop });
  }

  /** A process that ends while nobody asked it to takes the whole stack down with a non-zero exit. */
  watch(proc: ManagedProcess): void {
    void proc.exited.then((status) => {
      if (!this.shutdownStarted) {
        void this.shutdown(1, `${proc.name} exited unexpectedly (${describeExit(status)})`);
      }
    });
  }

  async shutdown(exitCode: number, reason?: string): Promise<void> {
    if (this.shutdownStarted) {
      return;
    }
    this.shutdownStarted = true;
    if (reason) {
      (exitCode === 0 ? log : logError)(reason);
    }
    let code = exitCode;
    // Popping (not iterating) also stops what a start-up step still registers while we are stopping.
    for (let cleanup = this.cleanups.pop(); cleanup; cleanup = this.cleanups.pop()) {
      try {
        await cleanup.stop();
      } catch (error) {
        logError(`stopping ${cleanup.name} failed: ${describeError(error)}`);
        code ||= 1;
      }
    }
    log(code === 0 ? 'stopped' : `stopped (exit code ${code})`);
    process.exit(code);
  }
}
