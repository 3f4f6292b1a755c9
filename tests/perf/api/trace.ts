// Where the time of one create goes: while single creates run one after the other, a wildcard
// subscription sees every NATS message of the stack, on the benchmark's own clock. Each request
// (a message with a reply subject) is paired with its reply, which gives every hop's start and
// duration within the create; what is left between them is time inside a service (its database
// work among it) or in the gateway.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { percentiles } from './load.js';
import { fmt } from './report.js';

interface Seen {
  at: number;
  subject: string;
  reply?: string;
}

export interface HopTiming {
  /** The request subject without the deployment's prefix, e.g. `clients.disclosure.snapshot`. */
  hop: string;
  /** In how many of the traced creates it was asked. */
  seen: number;
  /** Medians over the creates: when it was asked (from the HTTP request's start), and its round trip. */
  startMs: number;
  durationMs: number;
}

export interface CreateTrace {
  samples: number;
  totalMs: number;
  /** The gateway's own time before its first request and after the last reply (medians). */
  gatewayBeforeMs: number;
  gatewayAfterMs: number;
  hops: HopTiming[];
}

const median = (values: number[]) => percentiles(values).p50;

/**
 * Requests between services: not replies (`_INBOX.…`), not JetStream's API, acknowledgements or
 * event publishes (`events.…`, the outbox relays', after their commits).
 */
function isRequest(message: Seen, prefix: string): message is Required<Seen> {
  const subject = prefix ? message.subject.slice(prefix.length + 1) : message.subject;
  return (
    message.reply !== undefined &&
    !/^(_INBOX|\$JS|events)\./.test(subject) &&
    !message.reply.startsWith('$JS.')
  );
}

export async function traceCreates(
  natsUrl: string,
  samples: number,
  create: () => Promise<void>,
  {
    subjectPrefix = process.env.NATS_SUBJECT_PREFIX ?? '',
    restMs = 0,
  }: {
    subjectPrefix?: string;
    /** The stack rests this long before each create (a cold create, as a user's after a pause). */
    restMs?: number;
  } = {},
): Promise<CreateTrace> {
  const nc = await connect({ servers: natsUrl, name: 'bench-trace' });
  const seen: Seen[] = [];
  const subscription = nc.subscribe('>', {
    callback: (_error, msg) => {
      seen.push({ at: performance.now(), subject: msg.subject, reply: msg.reply });
    },
  });
  await nc.flush();
  const hops = new Map<string, { starts: number[]; durations: number[] }>();
  const totals: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      if (restMs > 0) {
        await sleep(restMs);
      }
      seen.length = 0;
      const startedAt = performance.now();
      await create();
      const endedAt = performance.now();
      // The observer's copies may come after the answer: the round trip through the server waits them in.
      await nc.flush();
      totals.push(endedAt - startedAt);
      const window = seen.filter((m) => m.at >= startedAt);
      const requests = window.filter((m) => isRequest(m, subjectPrefix));
      const repliedAt = (reply: string) => window.find((m) => m.subject === reply)?.at;
      let lastReply = startedAt;
      for (const request of requests) {
        const replied = repliedAt(request.reply);
        if (replied === undefined) {
          continue;
        }
        const hop = subjectPrefix ? request.subject.slice(subjectPrefix.length + 1) : request.subject;
        const timings = hops.get(hop) ?? { starts: [], durations: [] };
        timings.starts.push(request.at - startedAt);
        timings.durations.push(replied - request.at);
        hops.set(hop, timings);
        lastReply = Math.max(lastReply, replied);
      }
      before.push((requests[0]?.at ?? endedAt) - startedAt);
      after.push(endedAt - lastReply);
    }
  } finally {
    subscription.unsubscribe();
    await nc.close();
  }
  return {
    samples,
    totalMs: median(totals),
    gatewayBeforeMs: median(before),
    gatewayAfterMs: median(after),
    // Asked in fewer than half the creates: an earlier create's follow-ups (notifications, audit).
    hops: [...hops.entries()]
      .filter(([, t]) => t.starts.length >= samples / 2)
      .map(([hop, t]) => ({
        hop,
        seen: t.starts.length,
        startMs: median(t.starts),
        durationMs: median(t.durations),
      }))
      .sort((a, b) => a.startMs - b.startMs),
  };
}

/** The trace of single creates as a table: the gateway's own time and each hop, in order. */
export function traceTable(trace: CreateTrace | null, restMs = 0): string[] {
  if (!trace) {
    return [];
  }
  return [
    `### Where one create's time goes (drained stack, one at a time${restMs > 0 ? `, each after ${fmt(restMs / 1000)} s at rest` : ''}, medians of ${trace.samples})`,
    '',
    `Total ${fmt(trace.totalMs)} ms from the request to the answer, as the client sees it. Each hop is a`,
    'NATS request and its reply; a hop inside another (the referrals service asking the clients',
    "service) lies within the outer one's round trip, and the rest of a round trip is the service's",
    'own work, its database transactions among it.',
    '',
    '| hop | asked at (ms) | round trip (ms) | in creates |',
    '|---|---|---|---|',
    `| gateway, before its first request | 0 | ${fmt(trace.gatewayBeforeMs)} | ${trace.samples} |`,
    ...trace.hops.map((hop) => `| ${hop.hop} | ${fmt(hop.startMs)} | ${fmt(hop.durationMs)} | ${hop.seen} |`),
    `| gateway, after the last reply | | ${fmt(trace.gatewayAfterMs)} | ${trace.samples} |`,
    '',
  ];
}
