import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_CALLS, SERVICES } from '#contracts';
import {
  NATS_APPS,
  NATS_AUTH_FILES,
  natsPermissions,
  SERVICE_DURABLES,
  PRODUCTION_NATS_AUTH,
  renderNatsAuthConfig,
} from './auth-config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The request subjects a service's code sends (`.request('<subject>'`, possibly across lines). */
async function subjectsRequestedBy(service: string): Promise<string[]> {
  const dir = path.join(root, 'apps', service, 'src');
  const files = (await readdir(dir, { recursive: true })).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
  );
  const found = new Set<string>();
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/\.request\(\s*'([a-z_]+\.[a-z_]+\.[a-z_]+)'/g)) {
      found.add(match[1]);
    }
  }
  return [...found].sort();
}

describe('the NATS users and permissions', () => {
  it.each(NATS_AUTH_FILES)('%s is what `npm run nats:config` generates from the code', async (file) => {
    expect(await readFile(path.join(root, file), 'utf8')).toBe(renderNatsAuthConfig());
  });

  it.each(SERVICES)(
    'lists every request the %s service sends in SERVICE_CALLS (or NATS refuses it)',
    async (service) => {
      expect(await subjectsRequestedBy(service)).toEqual([...SERVICE_CALLS[service]].sort());
    },
  );

  it('knows the referrals service’s durable consumers (its handlers’ names)', async () => {
    const text = await readFile(
      path.join(root, 'apps', 'referrals', 'src', 'consent', 'consent-follow-through.ts'),
      'utf8',
    );
    const durables = [...text.matchAll(/^\s+(referrals_[a-z_]+): \{/gm)].map((match) => match[1]);
    expect(durables.sort()).toEqual([...SERVICE_DURABLES.referrals].sort());
  });

  it('lets only the gateway send requests to any service; a service sends only its listed calls', () => {
    const gateway = natsPermissions('gateway', PRODUCTION_NATS_AUTH).publish.allow;
    expect(gateway).toEqual(expect.arrayContaining(SERVICES.map((service) => `${service}.>`)));
    for (const service of SERVICES) {
      const allowed = natsPermissions(service, PRODUCTION_NATS_AUTH).publish.allow;
      expect(allowed.filter((subject) => /^[a-z]+\.>$/.test(subject))).toEqual([]);
      expect(allowed).not.toContain(`${service}.client.export`);
    }
    expect(natsPermissions('referrals', PRODUCTION_NATS_AUTH).publish.allow).toContain(
      'clients.consent.check',
    );
    expect(natsPermissions('clients', PRODUCTION_NATS_AUTH).publish.allow).not.toContain(
      'clients.consent.check',
    );
  });

  it('gives each app its own inbox and each service its own request subjects and events', () => {
    for (const app of NATS_APPS) {
      const { subscribe, publish } = natsPermissions(app, PRODUCTION_NATS_AUTH);
      expect(subscribe.allow).toContain(`_INBOX.${app}.>`);
      expect(subscribe.allow).not.toContain('_INBOX.>');
      expect(subscribe.allow).not.toContain('>');
      const events = publish.allow.filter((subject) => subject.startsWith('events.'));
      expect(events.every((s) => s === `events.${app}.>` || s === `events.audit.entry.recorded.${app}`)).toBe(
        true,
      );
    }
  });

  it('namespaces the subjects (not the JetStream API) with a test system’s prefix and streams', () => {
    const options = { subjectPrefix: 'tabc', eventsStream: 'TABC_EVENTS', deadLetterStream: 'TABC_DLQ' };
    const clients = natsPermissions('clients', options);
    expect(clients.subscribe.allow).toEqual(['tabc.clients.>', '_INBOX.clients.>']);
    expect(clients.publish.allow).toEqual(
      expect.arrayContaining(['tabc.events.clients.>', '$JS.API.STREAM.INFO.TABC_EVENTS']),
    );
    expect(renderNatsAuthConfig(options)).not.toContain('MONI_EVENTS');
  });
});
