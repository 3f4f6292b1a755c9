// Issue 14: the Helm chart (deploy/helm/moni), checked without a cluster: `helm lint --strict`, and
// from `helm template` that every app of the launcher has its Deployment, gets every variable it
// reads (derived from the code, scripts/helm/test/app-env.ts), each secret from a Secret, and the
// probes, disruption budget, autoscaler and network policies of a real deployment.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dump, load, loadAll } from 'js-yaml';
import { APPS } from '../start/services.js';
import { envReadBy } from './test/app-env.js';
import { helmBinary } from './test/helm-binary.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const CHART = path.join(root, 'deploy', 'helm', 'moni');
const run = promisify(execFile);

/** Variables an app reads that the chart leaves unset on purpose, and why. */
const DELIBERATELY_UNSET: Record<string, string> = {
  NATS_CREDS_FILE: 'an alternative to NATS_USER/NATS_PASSWORD (more than one is refused)',
  NATS_TOKEN: 'an alternative to NATS_USER/NATS_PASSWORD (more than one is refused)',
  NATS_TLS_CA_FILE: 'TLS to NATS: set with `env` where NATS runs TLS',
  NATS_TLS_CERT_FILE: 'TLS to NATS: set with `env` where NATS runs TLS',
  NATS_TLS_KEY_FILE: 'TLS to NATS: set with `env` where NATS runs TLS',
  NATS_SUBJECT_PREFIX: 'a namespace for test systems that share one NATS',
  LOG_FILE: 'containers log to stdout',
  MIGRATION_DATABASE_URL: 'the schema owner: given only to the audit init container, never to a running app',
  EVENT_CONSUMER_DELAY_MS: 'the fault suite’s slow consumer (tests/faults); never in production',
  EVENT_CONSUMER_DELAY_DURABLES: 'the fault suite’s slow consumer (tests/faults); never in production',
};
const UNSET_FOR_APP: Record<string, Record<string, string>> = {
  gateway: {
    DATABASE_URL: 'read by the shared configuration; the gateway has no database',
    DATABASE_PREPARED_STATEMENTS: 'read by the shared configuration; the gateway has no database',
    GATEWAY_OPS_PORT: 'read by the shared configuration; the gateway serves health and metrics on PORT',
  },
  notifications: {
    DIGEST_HOUR_UTC: 'read only to refuse it: replaced by DIGEST_HOUR',
  },
};
const isRotationKey = (name: string): boolean => name.endsWith('_KEY_PREVIOUS');
/** Names that hold a secret: keys, passwords, tokens, and URLs that carry a password. */
const isSecret = (name: string): boolean =>
  /(_KEY|_KEY_PREVIOUS|SECRET|PASSWORD|TOKEN)$/.test(name) ||
  /DATABASE_URL$/.test(name) ||
  name === 'SMTP_URL';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  env?: EnvVar[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  lifecycle?: unknown;
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & {
    template?: {
      spec: {
        containers: Container[];
        initContainers?: Container[];
        imagePullSecrets?: { name: string }[];
        terminationGracePeriodSeconds?: number;
      };
    };
  };
}

let helm: string;
let chart: string;
let workDir: string;

/**
 * The chart without its remote dependency: helm refuses to lint or render a chart whose declared
 * dependency is not in charts/ (fetched by `helm dependency build`, impossible offline), whatever
 * its condition. The test values keep the condition false, so the rendering is the same.
 */
async function chartWithoutRemoteDependencies(): Promise<string> {
  const copy = path.join(workDir, 'moni');
  await cp(CHART, copy, { recursive: true });
  const meta = load(await readFile(path.join(copy, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  delete meta.dependencies;
  await writeFile(path.join(copy, 'Chart.yaml'), dump(meta));
  return copy;
}

async function template(...sets: string[]): Promise<Manifest[]> {
  const args = ['template', 'moni', chart, ...sets.flatMap((set) => ['--set', set])];
  const { stdout } = await run(helm, args, { maxBuffer: 16 * 1024 * 1024 });
  return (loadAll(stdout) as (Manifest | null)[]).filter((doc): doc is Manifest => doc !== null);
}

const find = (docs: Manifest[], kind: string, name: string): Manifest | undefined =>
  docs.find((doc) => doc.kind === kind && doc.metadata.name === name);

function container(docs: Manifest[], app: string): Container {
  const deployment = find(docs, 'Deployment', `moni-${app}`);
  if (!deployment) {
    throw new Error(`the chart has no Deployment for ${app} (apps.${app} in values.yaml)`);
  }
  return deployment.spec.template!.spec.containers[0];
}

beforeAll(async () => {
  helm = await helmBinary(root);
  workDir = await mkdtemp(path.join(tmpdir(), 'moni-chart-'));
  chart = await chartWithoutRemoteDependencies();
}, 60_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the Helm chart deploy/helm/moni', () => {
  let docs: Manifest[];

  beforeAll(async () => {
    docs = await template();
  }, 30_000);

  it('passes helm lint --strict, with the optional parts off and on', async () => {
    await run(helm, ['lint', '--strict', chart]);
    await run(helm, [
      'lint',
      '--strict',
      chart,
      '--set',
      'postgres.cluster.enabled=true,databaseSetup.enabled=true,imagePullSecrets[0].name=registry',
    ]);
  }, 30_000);

  it('declares the official NATS chart as a dependency, off by default, as a three-node JetStream cluster', async () => {
    const meta = load(await readFile(path.join(CHART, 'Chart.yaml'), 'utf8')) as {
      dependencies: { name: string; repository: string; condition: string }[];
    };
    expect(meta.dependencies).toEqual([
      expect.objectContaining({
        name: 'nats',
        repository: 'https://nats-io.github.io/k8s/helm/charts/',
        condition: 'nats.enabled',
      }),
    ]);
    const values = load(await readFile(path.join(CHART, 'values.yaml'), 'utf8')) as {
      nats: { enabled: boolean; config: { cluster: { replicas: number }; jetstream: { enabled: boolean } } };
      eventsStreamReplicas: number;
    };
    // Off in the tested values: what the test renders is what helm renders with the dependency.
    expect(values.nats.enabled).toBe(false);
    expect(values.nats.config.cluster.replicas).toBe(3);
    expect(values.nats.config.jetstream.enabled).toBe(true);
    expect(values.eventsStreamReplicas).toBe(3);
  });

  it.each(APPS.map((app) => [app]))('sets every variable %s reads', (app) => {
    const env = new Map((container(docs, app).env ?? []).map((variable) => [variable.name, variable]));
    const read = envReadBy(root, app);
    const exempt = { ...DELIBERATELY_UNSET, ...UNSET_FOR_APP[app] };
    const missing = [...read].filter((name) => !env.has(name) && !(name in exempt) && !isRotationKey(name));
    expect(missing).toEqual([]);
    // Sanity of the derivation itself: it finds what the app surely reads.
    expect([...read]).toEqual(expect.arrayContaining(['NATS_URL', 'CURSOR_SECRET', 'LOG_LEVEL']));
  });

  it('takes every secret from a Secret (secretKeyRef), never from a value', () => {
    for (const doc of docs.filter((d) => d.spec?.template)) {
      const { containers, initContainers = [] } = doc.spec.template!.spec;
      for (const variable of [...containers, ...initContainers].flatMap((c) => c.env ?? [])) {
        if (isSecret(variable.name)) {
          expect({ [variable.name]: variable.valueFrom?.secretKeyRef?.key }).toEqual({
            [variable.name]: expect.any(String),
          });
          expect(variable.value).toBeUndefined();
        }
      }
    }
    const migrate = find(docs, 'Deployment', 'moni-audit')!.spec.template!.spec.initContainers![0];
    expect(migrate.env).toContainEqual({
      name: 'MIGRATION_DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'moni-database', key: 'audit-migration' } },
    });
    // The running audit service never holds the schema owner's password.
    expect(container(docs, 'audit').env!.map((variable) => variable.name)).not.toContain(
      'MIGRATION_DATABASE_URL',
    );
  });

  it.each(APPS.map((app) => [app]))(
    'gives %s probes, resources, a disruption budget, an autoscaler and a grace period',
    (app) => {
      const main = container(docs, app);
      expect(main.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(main.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(main.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(main.resources?.limits?.memory).toEqual(expect.any(String));
      const deployment = find(docs, 'Deployment', `moni-${app}`)!;
      expect(deployment.spec.template!.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
      expect(find(docs, 'PodDisruptionBudget', `moni-${app}`)?.spec).toMatchObject({ maxUnavailable: 1 });
      expect(find(docs, 'HorizontalPodAutoscaler', `moni-${app}`)?.spec).toMatchObject({
        scaleTargetRef: { kind: 'Deployment', name: `moni-${app}` },
        // Two of each, so one may go away; statistics runs alone (a rebuild re-creates its durables).
        minReplicas: app === 'statistics' ? 1 : 2,
      });
    },
  );

  it('lets traffic in only to the gateway, and the services out only to NATS and PostgreSQL (and DNS)', () => {
    const policy = (app: string) =>
      find(docs, 'NetworkPolicy', `moni-${app}`)!.spec as {
        ingress?: unknown[];
        egress: { ports: { port: number }[] }[];
      };
    expect(find(docs, 'NetworkPolicy', 'moni-default-deny')!.spec).toMatchObject({
      policyTypes: ['Ingress', 'Egress'],
    });
    const egressPorts = (app: string): number[] =>
      policy(app)
        .egress.flatMap((rule) => rule.ports.map((port) => port.port))
        .sort((a, b) => a - b);
    for (const app of APPS) {
      if (app === 'gateway') {
        expect(policy(app).ingress).toHaveLength(1);
        expect(egressPorts(app)).toEqual([53, 53, 443, 4222]);
      } else {
        expect(policy(app).ingress ?? []).toEqual([]);
        expect(egressPorts(app)).toEqual(
          app === 'notifications' ? [53, 53, 587, 4222, 5432] : [53, 53, 4222, 5432],
        );
      }
    }
  });

  it('renders imagePullSecrets, the CloudNativePG Cluster and the db-setup Job when asked', async () => {
    const withAll = await template(
      'imagePullSecrets[0].name=registry',
      'postgres.cluster.enabled=true',
      'databaseSetup.enabled=true',
    );
    for (const app of APPS) {
      expect(find(withAll, 'Deployment', `moni-${app}`)!.spec.template!.spec.imagePullSecrets).toEqual([
        { name: 'registry' },
      ]);
    }
    expect(find(withAll, 'Cluster', 'moni-postgres')?.spec).toMatchObject({ instances: 3 });
    expect(withAll.filter((doc) => doc.kind === 'Job')).toHaveLength(1);
    expect(find(docs, 'Cluster', 'moni-postgres')).toBeUndefined();
  }, 30_000);
});
