// Where the time of one create goes: while single creates run one after the other, a wildcard
// subscription sees every NATS message of the stack, on the benchmark's own clock. Each request
// (a message with a reply subject) is paired with its reply, which gives every hop's start and
// duration within the create; what is left between them is time inside a service (its database
// work among it) or in the gateway.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { percentiles } from './load.js';

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
