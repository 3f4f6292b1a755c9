// CPU and memory of processes from /proc (Linux): utime + stime of /proc/<pid>/stat, RSS and PSS
// of /proc/<pid>/smaps_rollup. What a process used between two moments, even when it was born or died
// in between (sampled often, so a process that exits loses at most one interval).
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** CPU time used so far (user + system), in milliseconds. */
  cpuMs: number;
}

export function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { pid, ppid, cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/**
 * Resident memory of a process: RSS counts every page it maps in full, PSS divides each shared
 * page among the processes that map it (so a sum of PSS counts a shared page once).
 */
export interface ResidentMemory {
  rssBytes: number;
  pssBytes: number;
}

export function readResidentMemory(pid: number): ResidentMemory {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kB = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rssBytes: kB('Rss'), pssBytes: kB('Pss') };
  } catch {
    return { rssBytes: 0, pssBytes: 0 };
  }
}

/** Resident memory summed per process label. */
export function memoryByLabel(processes: Map<number, string>): Record<string, ResidentMemory> {
  const memory: Record<string, ResidentMemory> = {};
  for (const [pid, label] of processes) {
    const { rssBytes, pssBytes } = readResidentMemory(pid);
    const sum = (memory[label] ??= { rssBytes: 0, pssBytes: 0 });
    sum.rssBytes += rssBytes;
    sum.pssBytes += pssBytes;
  }
  return memory;
}

/** The stack's own memory: every process but PostgreSQL's backends (the server is shared). */
export function stackMemory(memory: Record<string, ResidentMemory>): ResidentMemory {
  const own = Object.entries(memory).filter(([label]) => label !== 'postgres');
  return {
    rssBytes: own.reduce((sum, [, m]) => sum + m.rssBytes, 0),
    pssBytes: own.reduce((sum, [, m]) => sum + m.pssBytes, 0),
  };
}

export function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Every descendant of `root` (not root itself). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) {
      continue;
    }
    const stat = readStat(pid);
    if (stat) {
      children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
    }
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** A labelled set of processes, found again at every sample (PostgreSQL backends come and go). */
export type ProcessFinder = () => Promise<Map<number, string>>;

/**
 * Accumulates CPU per label over a window. Sampling every `intervalMs` keeps the loss of a process
 * that exits within the window to its last interval; a process born within it counts from zero.
 */
export class CpuSampler {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly labels = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly find: ProcessFinder,
    private readonly intervalMs = 500,
  ) {}

  async start(): Promise<void> {
    this.startedAt = performance.now();
    await this.sample(true);
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample(false)).catch(() => undefined);
    }, this.intervalMs);
  }

  /** CPU milliseconds per label since start, and the window's length. */
  async stop(): Promise<{ cpuMs: Record<string, number>; seconds: number }> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.sampling;
    await this.sample(false);
    const cpuMs: Record<string, number> = {};
    for (const [pid, last] of this.last) {
      const label = this.labels.get(pid)!;
      cpuMs[label] = (cpuMs[label] ?? 0) + last - (this.first.get(pid) ?? 0);
    }
    return { cpuMs, seconds: (performance.now() - this.startedAt) / 1000 };
  }

  private async sample(initial: boolean): Promise<void> {
    const processes = await this.find();
    for (const [pid, label] of processes) {
      const stat = readStat(pid);
      if (!stat) {
        continue;
      }
      if (!this.labels.has(pid)) {
        this.labels.set(pid, label);
        // Seen at the start: count from here. Born later: count all of its time.
        this.first.set(pid, initial ? stat.cpuMs : 0);
      }
      this.last.set(pid, stat.cpuMs);
    }
  }
}

/** The machine's CPU time so far (/proc/stat, all cores), and how much of it the hypervisor took. */
export function readMachineCpu(): { totalMs: number; stealMs: number } {
  const fields = /^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1].split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user and nice).
  const ticks = fields.slice(0, 8);
  const toMs = (n: number) => (n * 1000) / TICKS_PER_SECOND;
  return { totalMs: toMs(ticks.reduce((a, b) => a + b, 0)), stealMs: toMs(fields[7] ?? 0) };
}

/**
 * How long a fixed piece of single-threaded arithmetic takes on this machine now: the same code
 * measured at two moments tells whether the machine itself got slower or faster in between
 * (a virtual machine's host shares its cores), which every other figure of a run inherits.
 */
export function speedProbeMs(): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    let sum = 0;
    for (let i = 0; i < 50_000_000; i++) {
      sum += i % 7;
    }
    // Keeps the loop from being optimised away.
    if (sum < 0) {
      throw new Error('unreachable');
    }
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
