import { poll } from './wait.js';

export type Readiness = { ready: true } | { ready: false; detail: string };

interface Report {
  status?: unknown;
  error?: unknown;
  checks?: Record<string, { status?: unknown; error?: unknown }>;
  services?: Record<string, Report>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function downChecks(report: Report): string[] {
  const checks = isRecord(report.checks) ? report.checks : {};
  return Object.entries(checks)
    .filter(([, check]) => isRecord(check) && check.status !== 'up')
    .map(([name, check]) => {
      const nested = isRecord(report.services) ? report.services[name] : undefined;
      if (isRecord(nested)) {
        const inner = downChecks(nested);
        return inner.length > 0 ? `${name} (${inner.join(', ')})` : name;
      }
      return typeof check.error === 'string' ? `${name}: ${check.error}` : name;
    });
}

/**
 * Names what is down in a health report: the gateway's report nests each service's own
 * (`{ checks: { nats, clients }, services: { clients: { checks: { database } } } }`).
 */
export function describeHealth(httpStatus: number, body: string): string {
  let report: unknown;
  try {
    report = JSON.parse(body);
  } catch {
    return `HTTP ${httpStatus}`;
  }
  const down = isRecord(report) ? downChecks(report) : [];
  return down.length > 0 ? `HTTP ${httpStatus}, down: ${down.join('; ')}` : `HTTP ${httpStatus}`;
}

export async function checkReady(url: string): Promise<Readiness> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (response.status === 200) {
      return { ready: true };
    }
    return { ready: false, detail: describeHealth(response.status, await response.text()) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ready: false,
      detail: `no answer (${cause?.code ?? cause?.message ?? (error as Error).message})`,
    };
  }
}

/** Polls `url` until it answers 200; otherwise returns the last thing it said. */
export async function waitUntilReady(
  url: string,
  options: { timeoutMs: number; shouldStop: () => boolean },
): Promise<Readiness> {
  let last: Readiness = { ready: false, detail: 'not asked yet' };
  await poll(
    async () => {
      last = await checkReady(url);
      return last.ready ? true : undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 500, shouldStop: options.shouldStop },
  );
  return last;
}
