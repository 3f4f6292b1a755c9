// Issue 16: bad input never answers 500. Reads /api/docs/openapi.json at run time and sends, for
// every operation and every body field, path and query parameter, classes of bad values as each
// role; every answer must be a 4xx in the error format, stored data must not change, and the logs
// must hold no error. A new route is covered as soon as it is in the OpenAPI document.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eventually, passwordGrant } from '#testing';
import { SmtpTestServer } from '../../apps/notifications/test/support/smtp-test-server.js';
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_MONI } from '../../apps/partners/src/demo/demo-organisations.js';
import {
  BAD_HEADERS,
  BAD_PATH_IDS,
  SchemaWalker,
  seedFor,
  type BadRequest,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type Schema,
} from '../support/bad-input.js';
import { json, loginAs, startSystem, type ApiCaller, type RunningSystem } from '../support/system.js';

const ROLES = ['advisor', 'employment', 'moni-admin', 'admin'] as const;
type Role = (typeof ROLES)[number];
const CONCURRENCY = 6;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// Tables that legitimately grow on refusals: every refusal is audited (audit_log, through the
// outbox and the consumers' inbox); idempotency keys are only stored for commands that ran.
const GROWING_TABLES = /^(audit\.audit_log|[a-z_]+\.(outbox|inbox|idempotency_keys))$/;

interface LogLine {
  level: number;
  msg?: string;
  code?: string;
  err?: { stack?: string };
  [key: string]: unknown;
}

interface Answer {
  request: BadRequest;
  role: Role;
  status: number;
  problem?: string;
}

let system: RunningSystem;
let smtp: SmtpTestServer;
let dir: string;
let logFile: string;
let callers: Record<Role, ApiCaller>;
let tokens: Record<Role, string>;
let ids: Record<string, string>;

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: system.database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Row count and hash of the rows of every table of the services (bar the ones that grow on refusals). */
async function fingerprint(): Promise<Map<string, string>> {
  const tables = await query<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('clients', 'referrals', 'partners', 'notifications', 'audit')
        AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const result = new Map<string, string>();
  for (const { name } of tables.filter((table) => !GROWING_TABLES.test(table.name))) {
    const [schema, table] = name.split('.');
    const [row] = await query<{ hash: string; count: string }>(
      `SELECT count(*) AS count, md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS hash
         FROM "${schema}"."${table}" t`,
    );
    result.set(name, `${row.count}:${row.hash}`);
  }
  return result;
}

async function settledFingerprint(): Promise<Map<string, string>> {
  let previous = await fingerprint();
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = await fingerprint();
    if (JSON.stringify([...current]) === JSON.stringify([...previous])) {
      return current;
    }
    previous = current;
  }
  throw new Error('stored data did not settle before the sweep');
}

function logLines(from = 0): LogLine[] {
  return readFileSync(logFile)
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

/** Real ids of the demo data (and of a few records made for the sweep), by the collection in the path. */
async function demoIds(): Promise<Record<string, string>> {
  const advisor = callers.advisor;
  const created = async (res: Response): Promise<string> => {
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`fixture: ${res.status} ${JSON.stringify(await json(res))}`);
    }
    return (await json(res)).id as string;
  };
  const client = await created(
    await advisor.post('/api/v1/clients', {
      firstName: 'Sweep',
      lastName: 'Fixture',
      dateOfBirth: '1990-05-17',
      languages: ['fi'],
      preferredLanguage: 'fi',
      needs: [{ category: 'employment', description: 'Looking for work' }],
    }),
  );
  const consent = await created(
    await advisor.post(`/api/v1/clients/${client}/consents`, {
      recipientOrganisationIds: [DEMO_ORG_EMPLOYMENT],
      categories: ['identity', 'contact', 'language'],
      purposes: ['referral', 'follow_up'],
      method: 'signed_form',
      givenBy: 'client',
      noticeVersion: '2025-1',
      noticeLanguage: 'fi',
      interpreterUsed: false,
    }),
  );
  const referral = await created(
    await advisor.post('/api/v1/referrals', {
      clientId: client,
      receivingOrganisationId: DEMO_ORG_EMPLOYMENT,
      need: 'employment',
      reason: 'Looking for warehouse work',
      urgency: 'routine',
      categories: ['identity', 'contact'],
      send: true,
    }),
  );
  const invitation = await created(
    await callers['moni-admin'].post(`/api/v1/organisations/${DEMO_ORG_MONI}/members`, {
      email: 'sweep.invitee@example.org',
      role: 'advisor',
    }),
  );
  const page = async (res: Response): Promise<{ items: { id: string }[] }> => {
    if (res.status !== 200) {
      throw new Error(`fixture: ${res.status} ${JSON.stringify(await json(res))}`);
    }
    return (await res.json()) as { items: { id: string }[] };
  };
  const members = await page(
    await callers['moni-admin'].get(`/api/v1/organisations/${DEMO_ORG_MONI}/members`),
  );
  const services = await page(
    await callers.admin.get(`/api/v1/organisations/${DEMO_ORG_EMPLOYMENT}/services`),
  );
  const notifications = await page(await callers.employment.get('/api/v1/notifications'));
  return {
    organisations: DEMO_ORG_MONI,
    members: members.items[0].id,
    invitations: invitation,
    services: services.items[0].id,
    clients: client,
    consents: consent,
    referrals: referral,
    notifications: notifications.items[0]?.id ?? '',
  };
}

/** The real id for a path parameter: by the collection before it (a random uuid when unknown). */
function idFor(route: string, name: string): string {
  const segments = route.split('/');
  const index = segments.indexOf(`{${name}}`);
  const collection = name.endsWith('Id') && name !== 'id' ? `${name.slice(0, -2)}s` : segments[index - 1];
  return ids[collection] || '6b1d2c3e-4f50-4a61-8b72-93a4b5c6d7e8';
}

/** Adds one bad request: the operation's good one with one change. */
type AddRequest = (target: string, label: string, change: Partial<BadRequest>) => void;

/** A wrong body as a whole, then each field bad (or missing) in an otherwise good body. */
function addBodyRequests(walker: SchemaWalker, route: string, bodySchema: Schema, add: AddRequest): void {
  add('body', 'unknown field', {
    body: { json: { ...(walker.sample(bodySchema) as object), sweepUnknownField: 1 } },
  });
  add('body', 'malformed JSON', { body: { raw: '{"a":' } });
  add('body', 'an array for the body', { body: { json: [] } });
  add('body', 'text for the body', { body: { json: 'text' } });
  for (const field of walker.fields(bodySchema)) {
    const name = field.path.join('.');
    for (const [label, value] of walker.badValues(field.schema, 'body', seedFor(`${route}${name}`))) {
      add(`body ${name}`, label, { body: { json: walker.bodyWith(bodySchema, field.path, value) } });
    }
    if (field.required) {
      add(`body ${name}`, 'missing', { body: { json: walker.bodyWithout(bodySchema, field.path) } });
    }
  }
}

/** Each bad value of one query parameter beside the good required ones, and the parameter twice. */
function addQueryRequests(
  walker: SchemaWalker,
  route: string,
  parameter: Parameter,
  goodQuery: [string, string][],
  add: AddRequest,
): void {
  const others = goodQuery.filter(([name]) => name !== parameter.name);
  const values = walker.badValues(parameter.schema, 'query', seedFor(`${route}?${parameter.name}`));
  for (const [label, value] of values) {
    const list = Array.isArray(value) ? value : [value];
    add(`query ${parameter.name}`, label, {
      query: [...others, ...list.map((item): [string, string] => [parameter.name, String(item)])],
    });
  }
  if (walker.resolve(parameter.schema).type !== 'array') {
    const sample = String(walker.sample(parameter.schema, parameter.name));
    add(`query ${parameter.name}`, 'given twice', {
      query: [...others, [parameter.name, sample], [parameter.name, sample]],
    });
  }
}

/** Every bad request of one operation (each role gets the same ones). */
function badRequests(
  walker: SchemaWalker,
  route: string,
  method: string,
  operation: Operation,
): BadRequest[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((parameter) => parameter.in === 'path');
  const queryParams = parameters.filter((parameter) => parameter.in === 'query');
  const headerParams = parameters.filter(
    (parameter) => parameter.in === 'header' && BAD_HEADERS[parameter.name.toLowerCase()],
  );
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const base = {
    method: method.toUpperCase(),
    route,
    path: Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(idFor(route, p.name))])),
    query: queryParams
      .filter((p) => p.required)
      .map((p): [string, string] => [p.name, String(walker.sample(p.schema, p.name))]),
    headers: {},
    body: bodySchema ? { json: walker.sample(bodySchema) } : undefined,
  };
  const requests: BadRequest[] = [];
  const add: AddRequest = (target, label, change) => {
    requests.push({ ...base, target, label, ...change });
  };

  if (bodySchema) {
    addBodyRequests(walker, route, bodySchema, add);
  }
  for (const parameter of pathParams) {
    for (const [label, value] of BAD_PATH_IDS) {
      add(`path ${parameter.name}`, label, { path: { ...base.path, [parameter.name]: value } });
    }
  }
  for (const parameter of queryParams) {
    addQueryRequests(walker, route, parameter, base.query, add);
  }
  if (queryParams.length > 0) {
    add('query', 'unknown parameter', { query: [...base.query, ['sweepUnknownParameter', '1']] });
  }
  for (const parameter of headerParams) {
    for (const [label, value] of BAD_HEADERS[parameter.name.toLowerCase()]) {
      add(`header ${parameter.name}`, label, { headers: { [parameter.name]: value } });
    }
  }
  return requests;
}

/** Percent-encoded; a lone surrogate (which UTF-8 cannot hold) as the bytes a careless client sends. */
function encodeQueryValue(value: string): string {
  return value
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

function urlOf(request: BadRequest): string {
  const pathname = request.route.replace(/\{(\w+)\}/g, (_match, name: string) => request.path[name]);
  const query = request.query.map(([name, value]) => `${name}=${encodeQueryValue(value)}`).join('&');
  return `${system.gatewayUrl}${pathname}${query ? `?${query}` : ''}`;
}

function parseJson(text: string): { code?: unknown; message?: unknown; correlationId?: unknown } | null {
  try {
    return JSON.parse(text) as { code?: unknown; message?: unknown; correlationId?: unknown } | null;
  } catch {
    return null;
  }
}

/** The text sent: a raw (malformed) body as it is, a JSON one serialised, or none. */
function bodyText(request: BadRequest): string | undefined {
  if (request.body === undefined) {
    return undefined;
  }
  return 'raw' in request.body ? request.body.raw : JSON.stringify(request.body.json);
}

async function send(request: BadRequest, role: Role): Promise<Answer> {
  const body = bodyText(request);
  let res: Response;
  let text: string;
  try {
    res = await fetch(urlOf(request), {
      method: request.method,
      headers: {
        Authorization: `Bearer ${tokens[role]}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...request.headers,
      },
      body,
      // A redirect is an answer too (not a refusal): it is not followed.
      redirect: 'manual',
      // An answer that never ends (a stream opened by a value taken as valid) fails instead of hanging.
      signal: AbortSignal.timeout(20_000),
    });
    text = await res.text();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return { request, role, status: 0, problem: `no answer: ${String(error)}${cause}` };
  }
  const answer: Answer = { request, role, status: res.status };
  const parsed = parseJson(text);
  if (res.status < 400 || res.status >= 500) {
    answer.problem = `answered ${res.status}: ${text.slice(0, 300)}`;
  } else if (
    typeof parsed?.code !== 'string' ||
    typeof parsed.message !== 'string' ||
    typeof parsed.correlationId !== 'string'
  ) {
    answer.problem = `not in the error format: ${text.slice(0, 300)}`;
  } else if (res.headers.get('x-correlation-id') !== parsed.correlationId) {
    answer.problem = 'X-Correlation-Id header missing or not the body’s correlationId';
  }
  return answer;
}

async function inPool<T, R>(items: T[], worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++];
        results.push(await worker(item));
      }
    }),
  );
  return results;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'moni-sweep-'));
  logFile = path.join(dir, 'system.log');
  // The fixtures' e-mails (a referral, an invitation) are delivered before the sweep starts.
  smtp = await SmtpTestServer.start();
  system = await startSystem({
    gateway: { rateLimitPerMinute: 1_000_000 },
    env: { LOG_FILE: logFile, LOG_LEVEL: 'info', SMTP_URL: smtp.url, EMAIL_POLL_MS: '50' },
  });
  const entries = await Promise.all(ROLES.map(async (role) => [role, await loginAs(system, role)] as const));
  callers = Object.fromEntries(entries) as Record<Role, ApiCaller>;
  ids = await demoIds();
  await eventually(async () => {
    const [deliveries] = await query<{ sent: string; pending: string }>(
      `SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
              count(*) FILTER (WHERE status IN ('queued', 'retrying')) AS pending
         FROM notifications.email_deliveries`,
    );
    expect(Number(deliveries.sent)).toBeGreaterThan(0);
    expect(Number(deliveries.pending)).toBe(0);
  });
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bad input', () => {
  it.each([
    [{ kind: null }, 'kind'],
    [{ units: null }, 'units'],
    [{ canSend: null }, 'canSend'],
    [{ canReceive: null }, 'canReceive'],
    [{ kind: '\u0000'.repeat(20) }, 'kind'],
  ])('PATCH /organisations/{id} with %j is 400 naming %s, as admin and moni-admin', async (body, field) => {
    for (const role of ['admin', 'moni-admin'] as const) {
      const res = await callers[role].patch(`/api/v1/organisations/${DEMO_ORG_MONI}`, body);
      expect([role, res.status]).toEqual([role, 400]);
      const answer = await json(res);
      expect(answer).toMatchObject({ code: 'VALIDATION.FAILED', correlationId: expect.any(String) });
      expect(answer.details).toEqual([{ field, reasons: [expect.any(String)] }]);
    }
  });

  it('of every operation of the OpenAPI document, as every role, is a 4xx in the error format, changes nothing and logs no error', async () => {
    const document = (await (
      await fetch(`${system.gatewayUrl}/api/docs/openapi.json`)
    ).json()) as OpenApiDocument;
    const walker = new SchemaWalker(document);
    const operations = Object.entries(document.paths).flatMap(([route, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({
          route,
          method,
          requests: badRequests(walker, route, method, operation),
        })),
    );
    // Every operation of the document, and of those with inputs each one gets bad requests.
    expect(operations.length).toBeGreaterThan(40);
    const withoutInput = operations.filter((operation) => operation.requests.length === 0);

    // Tokens now: the sweep must finish within their lifetime.
    tokens = Object.fromEntries(
      await Promise.all(
        ROLES.map(async (role) => [role, await passwordGrant(system.idp.baseUrl, role)] as const),
      ),
    ) as Record<Role, string>;
    const before = await settledFingerprint();
    const logStart = statSync(logFile).size;

    // A role its guard refuses (403 before the body is read) gets two requests. Of the roles it lets
    // through, the first gets every request and each other one every third (in turn), which bounds
    // the run: past the guard, validation does not depend on the role.
    const probes = operations
      .filter((operation) => operation.requests.length > 0)
      .flatMap((operation) => ROLES.map((role) => ({ operation, role })));
    const probeAnswers = await inPool(probes, async ({ operation, role }) => ({
      operation,
      role,
      answer: await send(operation.requests[0], role),
    }));
    const rest = operations.flatMap((operation) => {
      const ofOperation = probeAnswers.filter((probe) => probe.operation === operation);
      const allowed = ofOperation.filter((probe) => probe.answer.status !== 403).map((probe) => probe.role);
      return ofOperation.flatMap(({ role, answer }) => {
        const rank = allowed.indexOf(role);
        const requests =
          answer.status === 403
            ? operation.requests.slice(1, 2)
            : operation.requests.slice(1).filter((_request, index) => rank === 0 || index % 3 === rank % 3);
        return requests.map((request) => ({ request, role }));
      });
    });
    const started = Date.now();
    const answers = [
      ...probeAnswers.map(({ answer }) => answer),
      ...(await inPool(rest, ({ request, role }) => send(request, role))),
    ];
    console.info(
      `bad-input sweep: ${answers.length} requests in ${Date.now() - started} ms over ${operations.length} operations (${withoutInput.length} without input: ${withoutInput.map((o) => `${o.method.toUpperCase()} ${o.route}`).join(', ')})`,
    );

    const problems = answers
      .filter((answer) => answer.problem)
      .map(
        (answer) =>
          `${answer.request.method} ${answer.request.route} as ${answer.role}, ${answer.request.target}: ${answer.request.label}: ${answer.problem}`,
      );
    expect(problems).toEqual([]);
    expect(answers.length).toBeGreaterThan(1000);
    // The sweep reached the validation of every operation with an input (not only guards).
    const unvalidated = operations
      .filter((operation) => operation.requests.length > 0)
      .filter(
        (operation) =>
          !answers.some((answer) => operation.requests.includes(answer.request) && answer.status === 400),
      )
      .map((operation) => `${operation.method.toUpperCase()} ${operation.route}`);
    expect(unvalidated).toEqual([]);

    // Stored data: the same, once the audit trail of the refusals has been written.
    const after = await settledFingerprint();
    const changed = [...after].filter(([table, hash]) => before.get(table) !== hash).map(([table]) => table);
    expect(changed).toEqual([]);

    // Refusals are info lines with their code and no stack; nothing is an error.
    const lines = logLines(logStart);
    const errors = lines
      .filter((line) => line.level >= 50)
      .map((line) => `${line.msg} ${JSON.stringify(line.err ?? '')}`);
    expect(errors.slice(0, 10)).toEqual([]);
    // Every refusal a service logs is an info line with its code and no stack. Bad input stops at the
    // gateway's validation, so few or none reach a service here; gateway-logs.spec.ts checks the
    // service's refusal line directly.
    const refused = lines.filter((line) => line.msg === 'message refused');
    for (const line of refused) {
      expect(line).toMatchObject({ level: 30, code: expect.any(String) });
      expect(line.err).toBeUndefined();
    }
    expect(
      lines.filter((line) => line.code === 'VALIDATION.FAILED' && line.level === 30).length,
    ).toBeGreaterThan(1000);
  }, 420_000);
});
