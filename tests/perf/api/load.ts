// Load shapes: closed loop (N connections, each sending its next request when the last answered:
// throughput) and open loop (requests started on a fixed schedule whatever the answers: latency at
// a given rate, timed from the scheduled start so that a stall counts for everything it delayed).
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  ok: number;
  errors: number;
  /** Distinct error descriptions (status and code), with counts. */
  errorKinds: Record<string, number>;
  seconds: number;
  perSecond: number;
  latencyMs: Percentiles;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/** One operation: resolves when it succeeded, throws an Error whose message names what failed. */
export type Operation = (worker: number) => Promise<void>;

class Tally {
  ok = 0;
  errors = 0;
  readonly errorKinds: Record<string, number> = {};
  readonly latencies: number[] = [];

  async run(op: Operation, worker: number, startedAt: number): Promise<void> {
    try {
      await op(worker);
      this.ok += 1;
      this.latencies.push(performance.now() - startedAt);
    } catch (error) {
      this.errors += 1;
      const kind = (error as Error).message.slice(0, 120);
      this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
    }
  }

  result(seconds: number): LoadResult {
    return {
      ok: this.ok,
      errors: this.errors,
      errorKinds: this.errorKinds,
      seconds,
      perSecond: this.ok / seconds,
      latencyMs: percentiles(this.latencies),
    };
  }
}

export async function closedLoop(connections: number, seconds: number, op: Operation): Promise<LoadResult> {
  const tally = new Tally();
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      while (performance.now() < end) {
        await tally.run(op, worker, performance.now());
      }
    }),
  );
  return tally.result((performance.now() - started) / 1000);
}

export async function openLoop(ratePerSecond: number, seconds: number, op: Operation): Promise<LoadResult> {
  const tally = new Tally();
  const total = Math.max(1, Math.round(ratePerSecond * seconds));
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const scheduled = started + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    inFlight.push(tally.run(op, i, scheduled));
  }
  await Promise.all(inFlight);
  return tally.result(seconds);
}

/** An Error naming the status and the API's error code, for the error tally. */
export async function failure(res: Response, what: string): Promise<Error> {
  let code = '';
  try {
    code = ((await res.json()) as { code?: string }).code ?? '';
  } catch {
    // not JSON
  }
  return new Error(`${what}: ${res.status} ${code}`.trim());
}
