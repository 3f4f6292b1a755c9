// Child processes of the fault suite: each writes to a log file of its own, can be killed with any
// signal and started again with the same command.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
  uid?: number;
  gid?: number;
}

export class FaultProcess {
  private child: ChildProcess | null = null;
  private exit: Promise<void> = Promise.resolve();

  constructor(readonly spec: ProcessSpec) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(extraEnv: NodeJS.ProcessEnv = {}): void {
    if (this.running) {
      return;
    }
    const fd = openSync(this.spec.logFile, 'a');
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...this.spec.env, ...extraEnv },
      uid: this.spec.uid,
      gid: this.spec.gid,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Sends `signal` and waits until it exited (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) {
      return;
    }
    child.kill(signal);
    const exited = await Promise.race([this.exit.then(() => true), sleep(graceMs).then(() => false)]);
    if (!exited) {
      child.kill('SIGKILL');
      await this.exit;
    }
  }

  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }
}

/** Polls `probe` until it says yes; false after `timeoutMs`. */
export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) {
      return true;
    }
    await sleep(intervalMs);
  }
  return false;
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  return response.ok;
}
