// The faults, one at a time while the load runs. Each returns when the fault is repaired (the
// killed process is ready again, the server back); the runner times the rest.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { passwordGrant } from '#testing';
import { durableNameOf } from '../../apps/notifications/src/routing/event-consumers.js';
import { SseClient } from '../support/sse-client.js';
import { SERVICES, type FaultStack, type ServiceApp } from './stack.js';

export interface Durations {
  /** Load before the fault. */
  warmupMs: number;
  /** Load after the repair. */
  afterMs: number;
  /** How long NATS stays down (F6, 30 s). */
  natsDownMs: number;
  /** How long SMTP refuses (F9, 2 min). */
  smtpRefusingMs: number;
  /** How long the slow consumer, the extra replicas and the skewed clock run (F10, F12, F13). */
  faultMs: number;
}

export interface ScenarioContext {
  stack: FaultStack;
  durations: Durations;
  /** The gateways the load spreads over (a scenario may add the second replica). */
  gateways: number[];
  note: (text: string) => void;
}

export interface Scenario {
  id: string;
  title: string;
  /** Applies the fault; resolves when it is repaired. */
  run: (ctx: ScenarioContext) => Promise<void>;
  /** Put back what the scenario changed (after the load stopped). */
  cleanup?: (ctx: ScenarioContext) => Promise<void>;
  /** How long the world may take to settle after the load (default 120 s). */
  settleMs?: number;
}

const FAKE_TIME = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'tests',
  'faults',
  'fake-time.mjs',
);

function killAndRestart(app: ServiceApp): Scenario {
  return {
    id: `F${SERVICES.indexOf(app) + 1}`,
    title: `${app}: SIGKILL, then restarted`,
    run: async ({ stack, note }) => {
      await stack.stopApp(app, 0, 'SIGKILL');
      const ms = await stack.startApp(app, 0);
      note(`${app} ready again ${ms} ms after the restart`);
    },
  };
}

async function startSecondReplicas(
  stack: FaultStack,
  env: Partial<Record<ServiceApp, NodeJS.ProcessEnv>> = {},
): Promise<void> {
  for (const app of SERVICES) {
    await stack.startApp(app, 1, env[app] ?? {});
  }
  await stack.startApp('gateway', 1);
}

async function stopSecondReplicas(ctx: ScenarioContext): Promise<void> {
  ctx.gateways.splice(0, ctx.gateways.length, 0);
  await ctx.stack.stopApp('gateway', 1);
  for (const app of SERVICES) {
    await ctx.stack.stopApp(app, 1);
  }
}

export const SCENARIOS: Scenario[] = [
  ...SERVICES.map(killAndRestart),
  {
    id: 'F6',
    title: 'NATS stopped for 30 s, then restarted',
    run: async ({ stack, durations }) => {
      await stack.nats.stop('SIGTERM');
      await sleep(durations.natsDownMs);
      await stack.startNatsAgain();
    },
  },
  {
    id: 'F7',
    title: 'NATS killed (SIGKILL) mid-publish, restarted after 2 s',
    run: async ({ stack }) => {
      await stack.nats.kill();
      await sleep(2_000);
      await stack.startNatsAgain();
    },
  },
  {
    id: 'F8',
    title: 'PostgreSQL restarted (fast shutdown, 5 s down)',
    run: async ({ stack }) => {
      await stack.restartPostgres(5_000);
    },
  },
  {
    id: 'F9',
    title: 'SMTP refuses (421) for 2 min, then accepts',
    settleMs: 600_000,
    run: async ({ stack, durations, note }) => {
      stack.smtp.refusing = true;
      await sleep(durations.smtpRefusingMs);
      stack.smtp.refusing = false;
      note(`${stack.smtp.refusals} SMTP connection(s) refused`);
    },
  },
  {
    id: 'F10',
    title: 'a consumer (notifications, referral.sent) slowed to 2 s per message',
    settleMs: 600_000,
    run: async ({ stack, durations }) => {
      const slow = {
        EVENT_CONSUMER_DELAY_MS: '2000',
        EVENT_CONSUMER_DELAY_DURABLES: durableNameOf('events.referrals.referral.sent'),
      };
      await stack.stopApp('notifications', 0);
      await stack.startApp('notifications', 0, slow);
      await sleep(durations.faultMs);
    },
    cleanup: async ({ stack }) => {
      // Back to normal speed: the backlog drains.
      await stack.stopApp('notifications', 0);
      await stack.startApp('notifications', 0);
    },
  },
  {
    id: 'F11',
    title: 'a gateway replica lost (SIGKILL) mid-stream; SSE clients resume on the other with Last-Event-ID',
    run: async (ctx) => {
      const { stack, durations, note } = ctx;
      await stack.startApp('gateway', 1);
      ctx.gateways.push(1);
      // The load balancer takes the lost replica out at once (its requests in flight fail).
      const result = await sseFailover(stack, durations.faultMs, () =>
        ctx.gateways.splice(ctx.gateways.indexOf(1), 1),
      );
      note(result);
    },
    cleanup: async ({ stack }) => {
      await stack.stopApp('gateway', 1);
    },
  },
  {
    id: 'F12',
    title: 'two replicas of every service and of the gateway',
    run: async (ctx) => {
      await startSecondReplicas(ctx.stack);
      ctx.gateways.push(1);
      await sleep(ctx.durations.faultMs);
    },
    cleanup: stopSecondReplicas,
  },
  {
    id: 'F13',
    title: 'two replicas of everything, the second referrals replica 5 min ahead',
    run: async (ctx) => {
      await startSecondReplicas(ctx.stack, {
        referrals: { NODE_OPTIONS: `--import=${FAKE_TIME}`, FAKE_TIME_OFFSET_MS: String(5 * 60_000) },
      });
      ctx.gateways.push(1);
      await sleep(ctx.durations.faultMs);
    },
    cleanup: stopSecondReplicas,
  },
];

/**
 * SSE clients (the advisor and the employment services) follow gateway replica 1; it is killed,
 * they reconnect to replica 0 with Last-Event-ID. Then a fresh connection replays everything from
 * their first position: each resumed client must have seen exactly those events, no gap, no repeat.
 */
async function sseFailover(stack: FaultStack, faultMs: number, onKilled: () => void): Promise<string> {
  const users = ['advisor', 'employment'] as const;
  const tokens = await Promise.all(users.map((user) => passwordGrant(stack.idpUrl, user)));
  const first = await Promise.all(tokens.map((token) => SseClient.open(stack.gatewayUrl(1), token)));
  await sleep(faultMs / 2);
  await stack.stopApp('gateway', 1, 'SIGKILL');
  onKilled();
  const resumed = await Promise.all(
    first.map((client, i) => {
      const last = [...client.events].reverse().find((e) => e.id !== null)?.id;
      return SseClient.open(stack.gatewayUrl(0), tokens[i], last ? { 'Last-Event-ID': last } : {});
    }),
  );
  await sleep(faultMs / 2);
  const lines: string[] = [];
  for (const [i, user] of users.entries()) {
    const start = first[i].events.find((e) => e.event === 'ready');
    const seen = [...first[i].events, ...resumed[i].events].filter(
      (e) => e.event !== 'ready' && e.id !== null,
    );
    const ids = seen.map((e) => Number(e.id));
    const repeats = ids.length - new Set(ids).size;
    const resets = resumed[i].events.filter((e) => e.event === 'reset').length;
    const lastSeen = Math.max(0, ...ids);
    // What a client that never lost its connection would have had up to the same point.
    const replay = await SseClient.open(stack.gatewayUrl(0), tokens[i], {
      'Last-Event-ID': String(start?.data.position ?? start?.id ?? 0),
    });
    await sleep(3_000);
    replay.close();
    const expected = replay.events
      .filter((e) => e.event !== 'ready' && e.id !== null && Number(e.id) <= lastSeen)
      .map((e) => Number(e.id));
    const missing = expected.filter((id) => !ids.includes(id)).length;
    lines.push(`${user}: ${ids.length} events, ${missing} missing, ${repeats} repeated, ${resets} reset(s)`);
    first[i].close();
    resumed[i].close();
  }
  return `SSE after failover — ${lines.join('; ')}`;
}
