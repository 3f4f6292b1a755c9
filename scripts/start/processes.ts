import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { prefix } from './log.js';
import { poll, timeout } from './wait.js';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export function describeExit(status: ExitStatus): string {
  if (status.error) {
    return status.error.message;
  }
  return status.signal ? `killed by ${status.signal}` : `exit code ${status.code ?? 'unknown'}`;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  uid?: number;
  gid?: number;
  /** Sent when the launcher itself exits abruptly (postgres: SIGQUIT, so it takes its backends along). */
  emergencySignal?: NodeJS.Signals;
  /** false: keep the output for error messages only (initdb's chatter). */
  echo?: boolean;
  /** Added to the launcher's nice value: the process yields the CPU when others want it too. */
  niceness?: number;
}

const LOWEST_PRIORITY = 19;

/** Lowers a child's priority; one that has already exited, or a refusal, leaves it as it was. */
function lowerPriority(pid: number, niceness: number): void {
  try {
    setPriority(pid, Math.min(getPriority(pid) + niceness, LOWEST_PRIORITY));
  } catch {
    // Running at the launcher's own priority is what it would have done without the option.
  }
}

const RECENT_LINES = 20;

export class ManagedProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  readonly kill: (signal: NodeJS.Signals) => boolean;
  private status: ExitStatus | undefined;
  private readonly recent: string[] = [];

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    private readonly options: SpawnOptions,
  ) {
    // Its own process group, so that Ctrl-C at the terminal reaches only the launcher, which then
    // stops everything in order (services before NATS and PostgreSQL).
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      uid: options.uid,
      gid: options.gid,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = child.pid;
    if (options.niceness && child.pid !== undefined) {
      lowerPriority(child.pid, options.niceness);
    }
    this.kill = (signal) => child.kill(signal);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => resolve(this.finish({ code: null, signal: null, error })));
      child.once('exit', (code, signal) => resolve(this.finish({ code, signal })));
    });
    this.forward(child.stdout, process.stdout);
    this.forward(child.stderr, process.stderr);
    live.add(this);
    installEmergencyExit();
  }

  get running(): boolean {
    return this.status === undefined && this.pid !== undefined;
  }

  get emergencySignal(): NodeJS.Signals {
    return this.options.emergencySignal ?? 'SIGKILL';
  }

  /**
   * Polls `probe` every `intervalMs` until it says yes (true); false when the time is up, the process
   * exited, or `shouldStop` says so.
   */
  async answers(
    probe: () => Promise<boolean>,
    options: { timeoutMs: number; intervalMs: number; shouldStop: () => boolean },
  ): Promise<boolean> {
    const answered = await Promise.race([
      poll(async () => ((await probe()) ? true : undefined), {
        timeoutMs: options.timeoutMs,
        intervalMs: options.intervalMs,
        shouldStop: () => options.shouldStop() || !this.running,
      }),
      this.exited.then(() => undefined),
    ]);
    return answered === true;
  }

  /** The last lines it printed, for error messages. */
  recentOutput(): string {
    return this.recent.join('\n');
  }

  /** Sends each signal in turn, waiting up to `graceMs` after each, until the process has exited. */
  async stop(signals: readonly NodeJS.Signals[], graceMs: number): Promise<ExitStatus | undefined> {
    for (const signal of signals) {
      if (!this.running) {
        return this.status;
      }
      this.kill(signal);
      const status = await Promise.race([this.exited, timeout(graceMs)]);
      if (status) {
        return status;
      }
    }
    return this.status;
  }

  private finish(status: ExitStatus): ExitStatus {
    this.status ??= status;
    live.delete(this);
    return this.status;
  }

  private forward(stream: Readable | null, target: NodeJS.WriteStream): void {
    if (!stream) {
      return;
    }
    const head = prefix(this.name);
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.recent.push(line);
      if (this.recent.length > RECENT_LINES) {
        this.recent.shift();
      }
      if (this.options.echo !== false) {
        target.write(`${head}${line}\n`);
      }
    });
  }
}

const live = new Set<ManagedProcess>();
let emergencyExitInstalled = false;

/** Kills whatever is still running, at once. For a second Ctrl-C and for an abrupt exit of the launcher. */
export function killAllNow(): void {
  for (const proc of live) {
    proc.kill(proc.emergencySignal);
  }
}

function installEmergencyExit(): void {
  if (!emergencyExitInstalled) {
    emergencyExitInstalled = true;
    process.on('exit', killAllNow);
  }
}
