export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Fraction of the delay taken off at random (0..1), so replicas do not retry in lock-step. */
  jitter?: number;
}

/** Delay before retry number `attempt` (1-based): initial, initial·factor, … capped at maxMs. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, factor = 2, jitter = 0 } = options;
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  const capped = Math.min(maxMs, initialMs * factor ** (n - 1));
  const spread = Math.min(1, Math.max(0, jitter));
  return Math.round(capped * (1 - spread * random()));
}
