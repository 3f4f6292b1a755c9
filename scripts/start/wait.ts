import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Checked before every attempt: a shutdown in progress ends the wait early. */
  shouldStop?: () => boolean;
}

/** Calls `attempt` until it returns a value, the time is up (undefined) or `shouldStop` says so (undefined). */
export async function poll<T>(
  attempt: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.shouldStop?.()) {
      return undefined;
    }
    const result = await attempt();
    if (result !== undefined) {
      return result;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      return undefined;
    }
    await sleep(Math.min(options.intervalMs, left));
  }
}

/** Resolves with undefined after `ms` without keeping the process alive. */
export function timeout(ms: number): Promise<undefined> {
  return sleep(ms, undefined, { ref: false });
}
