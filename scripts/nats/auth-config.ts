// The NATS server's users and permissions, generated from the code: which subjects each service
// answers (its own `<service>.>`), which requests it sends (SERVICE_CALLS in libs/contracts), the
// events it publishes (its own, plus its audit entries on a subject naming it), and the JetStream
// API of its streams and durable consumers. `npm run nats:config` writes deploy/nats/auth.conf (and
// the chart's copy); a unit test fails when the committed files differ from what this generates.
import { AUDIT_EVENT_TYPE, SERVICE_CALLS, SERVICES, type ServiceName } from '#contracts';
import { namespaced, publishSubject } from '#messaging';
import { AUDIT_CONSUMER_DURABLE } from '../../apps/audit/src/audit-log/audit-consumer.js';
import { DEAD_LETTER_CONSUMER as EMAIL_DEAD_LETTERS } from '../../apps/notifications/src/email/email-dispatcher.js';
import { durableNameOf } from '../../apps/notifications/src/routing/event-consumers.js';
import { ROUTED_EVENTS } from '../../apps/notifications/src/routing/recipient-plan.js';
import { STATISTICS_DURABLES } from '../../apps/statistics/src/read-model/event-consumers.js';

export interface NatsAuthOptions {
  /** NATS_SUBJECT_PREFIX (empty in production; the tests' own namespace). */
  subjectPrefix: string;
  eventsStream: string;
  deadLetterStream: string;
}

export const PRODUCTION_NATS_AUTH: NatsAuthOptions = {
  subjectPrefix: '',
  eventsStream: 'MONI_EVENTS',
  deadLetterStream: 'MONI_DEAD_LETTER',
};

export const NATS_APPS = [...SERVICES, 'gateway'] as const;
export type NatsApp = (typeof NATS_APPS)[number];

/** The user an app connects as; its password is in `<APP>_NATS_PASSWORD` (the admin's: ADMIN_NATS_PASSWORD). */
export const natsPasswordVariable = (user: NatsApp | 'admin'): string =>
  `${user.toUpperCase()}_NATS_PASSWORD`;

/** Each service's durable JetStream consumers (their names are also their inbox's `consumer`). */
export const SERVICE_DURABLES: Record<ServiceName, readonly string[]> = {
  clients: [],
  // apps/referrals/src/consent/consent-follow-through.ts
  referrals: [
    'referrals_consent_withdrawn',
    'referrals_consent_expired',
    'referrals_consent_superseded',
    'referrals_client_erased',
  ],
  partners: [],
  notifications: ROUTED_EVENTS.map(durableNameOf),
  audit: [AUDIT_CONSUMER_DURABLE],
  // apps/statistics/src/read-model/event-consumers.ts
  statistics: STATISTICS_DURABLES,
};

/** Services that delete and create their durables again (the statistics' rebuild from the stream). */
const DURABLES_DELETED_BY_OWNER: readonly ServiceName[] = ['statistics'];

/** Dead-letter subjects a service parks things under besides its durables' (`deadletter.<name>.>`). */
const EXTRA_DEAD_LETTERS: Partial<Record<ServiceName, readonly string[]>> = {
  notifications: [EMAIL_DEAD_LETTERS],
};

export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[] };
  /** Answer requests it received (on the requester's inbox), and only those. */
  allowResponses: boolean;
}

const api = (path: string): string => `$JS.API.${path}`;

function streamAdmin(stream: string): string[] {
  // Every service ensures the streams at start (whichever boots first creates them).
  return [api(`STREAM.INFO.${stream}`), api(`STREAM.CREATE.${stream}`), api(`STREAM.UPDATE.${stream}`)];
}

function durableConsumer(stream: string, durable: string): string[] {
  return [
    api(`CONSUMER.INFO.${stream}.${durable}`),
    api(`CONSUMER.CREATE.${stream}.${durable}`),
    api(`CONSUMER.CREATE.${stream}.${durable}.>`),
    api(`CONSUMER.DURABLE.CREATE.${stream}.${durable}`),
    api(`CONSUMER.MSG.NEXT.${stream}.${durable}`),
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

function servicePermissions(service: ServiceName, options: NatsAuthOptions): NatsPermissions {
  const ns = (subject: string): string => namespaced(options.subjectPrefix, subject);
  const durables = SERVICE_DURABLES[service];
  const deadLetters = [...durables, ...(EXTRA_DEAD_LETTERS[service] ?? [])];
  const anchorStream = `${options.eventsStream}_AUDIT_ANCHOR`;
  const publish = [
    ...SERVICE_CALLS[service].map(ns),
    ns(`events.${service}.>`),
    // Its audit entries, on the subject that names it as their source.
    publishSubject(AUDIT_EVENT_TYPE, ns('events'), service),
    ...deadLetters.map((name) => ns(`deadletter.${name}.>`)),
    api('INFO'),
    ...streamAdmin(options.eventsStream),
    ...streamAdmin(options.deadLetterStream),
    ...durables.flatMap((durable) => durableConsumer(options.eventsStream, durable)),
    ...(DURABLES_DELETED_BY_OWNER.includes(service)
      ? durables.map((durable) => api(`CONSUMER.DELETE.${options.eventsStream}.${durable}`))
      : []),
    // The audit chain's checkpoints outside the database (apps/audit/src/audit-log/audit-anchor.ts).
    ...(service === 'audit'
      ? [
          ns('audit.anchor.>'),
          api(`STREAM.INFO.${anchorStream}`),
          api(`STREAM.CREATE.${anchorStream}`),
          api(`STREAM.MSG.GET.${anchorStream}`),
        ]
      : []),
  ];
  return {
    publish: { allow: publish },
    subscribe: { allow: [ns(`${service}.>`), `_INBOX.${service}.>`] },
    allowResponses: true,
  };
}

/** The gateway's session buckets (apps/gateway/src/portal/session-store.ts names them the same way). */
function portalSessionBuckets(prefix: string): string[] {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return ['moni_sessions', 'moni_logins'].map((name) => (safe === '' ? name : `${safe}_${name}`));
}

/** A NATS KV bucket: its stream's management, reads (direct or not) and writes to its keys. */
function keyValueBucket(bucket: string): string[] {
  const stream = `KV_${bucket}`;
  return [
    api(`STREAM.INFO.${stream}`),
    api(`STREAM.CREATE.${stream}`),
    api(`STREAM.UPDATE.${stream}`),
    api(`STREAM.MSG.GET.${stream}`),
    api(`DIRECT.GET.${stream}`),
    api(`DIRECT.GET.${stream}.>`),
    `$KV.${bucket}.>`,
  ];
}

/**
 * The gateway sends every request on behalf of users and follows the events stream for the live
 * updates (an ordered consumer, and short-lived ones to replay): it may create, read and delete
 * consumers of that stream, but never touch the services' durables (deny wins over allow).
 */
function gatewayPermissions(options: NatsAuthOptions): NatsPermissions {
  const stream = options.eventsStream;
  const durables = Object.values(SERVICE_DURABLES).flat();
  return {
    publish: {
      allow: [
        ...SERVICES.map((service) => namespaced(options.subjectPrefix, `${service}.>`)),
        api('INFO'),
        api(`STREAM.INFO.${stream}`),
        api(`CONSUMER.CREATE.${stream}`),
        api(`CONSUMER.CREATE.${stream}.>`),
        api(`CONSUMER.INFO.${stream}.*`),
        api(`CONSUMER.DELETE.${stream}.*`),
        api(`CONSUMER.MSG.NEXT.${stream}.*`),
        // The portal's server-side sessions and pending logins.
        ...portalSessionBuckets(options.subjectPrefix).flatMap(keyValueBucket),
      ],
      deny: [
        // `audit.>` holds the audit chain's checkpoints too: only the audit service writes them.
        namespaced(options.subjectPrefix, 'audit.anchor.>'),
        ...durables.flatMap((durable) => [
          api(`CONSUMER.CREATE.${stream}.${durable}`),
          api(`CONSUMER.CREATE.${stream}.${durable}.>`),
          api(`CONSUMER.DELETE.${stream}.${durable}`),
          api(`CONSUMER.MSG.NEXT.${stream}.${durable}`),
        ]),
      ],
    },
    subscribe: { allow: ['_INBOX.gateway.>'] },
    allowResponses: false,
  };
}

export function natsPermissions(app: NatsApp, options: NatsAuthOptions): NatsPermissions {
  return app === 'gateway' ? gatewayPermissions(options) : servicePermissions(app, options);
}

// One subject a line, so that a change to the permissions reads as a small diff.
const list = (subjects: string[], indent: string): string =>
  `[\n${subjects.map((s) => `${indent}  ${JSON.stringify(s)}`).join('\n')}\n${indent}]`;

function renderUser(user: string, password: string, permissions: NatsPermissions | 'all'): string {
  const lines = [`    {`, `      user: ${user}`, `      password: $${password}`];
  if (permissions === 'all') {
    lines.push(`      permissions: { publish: ">", subscribe: ">" }`);
  } else {
    const { publish, subscribe } = permissions;
    lines.push(
      `      permissions: {`,
      `        publish: {`,
      `          allow: ${list(publish.allow, '          ')}`,
      ...(publish.deny?.length ? [`          deny: ${list(publish.deny, '          ')}`] : []),
      `        }`,
      `        subscribe: {`,
      `          allow: ${list(subscribe.allow, '          ')}`,
      `        }`,
      ...(permissions.allowResponses ? [`        allow_responses: true`] : []),
      `      }`,
    );
  }
  lines.push(`    }`);
  return lines.join('\n');
}

/** deploy/nats/auth.conf: one user per app, an admin for operators, no anonymous connections. */
export function renderNatsAuthConfig(options: NatsAuthOptions = PRODUCTION_NATS_AUTH): string {
  const users = [
    ...NATS_APPS.map((app) => renderUser(app, natsPasswordVariable(app), natsPermissions(app, options))),
    renderUser('admin', natsPasswordVariable('admin'), 'all'),
  ];
  return [
    '# Generated by `npm run nats:config` (scripts/nats/auth-config.ts) from libs/contracts and the',
    "# services' consumers: do not edit by hand. Passwords come from the environment of nats-server",
    '# (GATEWAY_NATS_PASSWORD, ...). There is no no_auth_user: anonymous connections are refused.',
    ...(options.subjectPrefix ? [`# Subject prefix: ${options.subjectPrefix}`] : []),
    'authorization {',
    '  users = [',
    users.join('\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** Where the generated configuration is committed (relative to the repository root). */
export const NATS_AUTH_FILES = ['deploy/nats/auth.conf', 'deploy/helm/moni/files/nats-auth.conf'] as const;
