// The skeleton's database (skeleton.ts): its tables, its rows, its statements, and the same
// statements as pgbench scripts, so that the skeleton and its ceiling run one SQL.

/** The tables the transactions write, as the benchmark creates them. */
export const SCHEMA = `
CREATE TABLE floor_member (id uuid PRIMARY KEY, organisation_id uuid NOT NULL, role text NOT NULL);
CREATE TABLE floor_organisation (id uuid PRIMARY KEY, name jsonb NOT NULL, status text NOT NULL);
CREATE TABLE floor_client (id uuid PRIMARY KEY, data jsonb NOT NULL);
CREATE TABLE floor_consent (id uuid PRIMARY KEY, client_id uuid NOT NULL, organisation_id uuid NOT NULL,
  categories text[] NOT NULL);
CREATE INDEX ON floor_consent (client_id);
CREATE TABLE floor_disclosure (id uuid PRIMARY KEY, client_id uuid NOT NULL, data jsonb NOT NULL,
  at timestamptz NOT NULL);
CREATE TABLE floor_referral (id uuid PRIMARY KEY, client_id uuid NOT NULL, sender uuid NOT NULL,
  receiver uuid NOT NULL, shared jsonb NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX ON floor_referral (client_id);
CREATE TABLE floor_history (id uuid PRIMARY KEY, referral_id uuid NOT NULL, seq int NOT NULL,
  to_status text NOT NULL, at timestamptz NOT NULL);
CREATE TABLE floor_outbox (id bigserial PRIMARY KEY, subject text NOT NULL, payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now());
`;

/** The statements, by name: the skeleton prepares each once per connection, as the services do. */
export const SQL = {
  membership: 'SELECT organisation_id, role FROM floor_member WHERE id = $1',
  lookup: 'SELECT id, name, status FROM floor_organisation WHERE id = ANY($1::uuid[])',
  client: 'SELECT data FROM floor_client WHERE id = $1',
  consent: 'SELECT id, categories FROM floor_consent WHERE client_id = $1 AND organisation_id = $2',
  disclosure: `WITH d AS (INSERT INTO floor_disclosure (id, client_id, data, at) VALUES ($1, $2, $3, now()))
    INSERT INTO floor_outbox (subject, payload) VALUES ('audit.disclosure', $4)`,
  lock: 'SELECT pg_advisory_xact_lock(hashtext($1))',
  referral: `INSERT INTO floor_referral (id, client_id, sender, receiver, shared, status, created_at)
    VALUES ($1, $2, $3, $4, $5, 'requested', now())`,
  history: `INSERT INTO floor_history (id, referral_id, seq, to_status, at) VALUES ($1, $2, 1, 'requested', now())`,
  events: `INSERT INTO floor_outbox (subject, payload) VALUES ('referral.sent', $1), ('audit.referral', $2)`,
} as const;

export type Statement = keyof typeof SQL;

export const CLIENTS = 16;
const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const USER_ID = idOf(0xa001);
export const SENDER_ID = idOf(0xb001);
export const RECEIVER_ID = idOf(0xb002);
export const clientId = (n: number) => idOf(n);

/** What a client's snapshot shares, about the size of a real one. */
const CLIENT_DATA = {
  name: 'Client Example',
  dateOfBirth: '1990-01-01',
  languages: ['ar', 'fi'],
  phone: '+358 40 000 0000',
  email: 'client@example.invalid',
  municipality: 'Seinäjoki',
  notes: 'x'.repeat(200),
};

/** The rows every run starts from: the two organisations, the user, the clients and their consents. */
export function seedSql(): string {
  const rows = [
    `INSERT INTO floor_organisation VALUES ('${SENDER_ID}', '{"fi":"MONI"}', 'active'),
      ('${RECEIVER_ID}', '{"fi":"TE-palvelut"}', 'active');`,
    `INSERT INTO floor_member VALUES ('${USER_ID}', '${SENDER_ID}', 'advisor');`,
  ];
  for (let n = 1; n <= CLIENTS; n++) {
    rows.push(
      `INSERT INTO floor_client VALUES ('${clientId(n)}', '${JSON.stringify(CLIENT_DATA)}');`,
      `INSERT INTO floor_consent VALUES (gen_random_uuid(), '${clientId(n)}', '${RECEIVER_ID}', '{employment}');`,
    );
  }
  return rows.join('\n');
}

/** A pgbench line: the statement with its parameters replaced by pgbench expressions. */
function line(statement: Statement, values: string[]): string {
  const text = SQL[statement].replace(/\$(\d+)/g, (_, n: string) => values[Number(n) - 1]);
  return `${text.replace(/\s*\n\s*/g, ' ')};`;
}

// A random client, a new referral id and a new disclosure id per run of a script. The ids are
// md5 of a 63-bit random number: as unique as the services' UUIDs over a run of minutes.
const CLIENT = `('00000000-0000-4000-8000-' || lpad(to_hex(:c::int), 12, '0'))::uuid`;
const VARIABLES = [
  `\\set c random(1, ${CLIENTS})`,
  '\\set r random(1, 9223372036854775806)',
  '\\set d random(1, 9223372036854775806)',
];
const EVENT = `'{"referralId":"x","receiver":"${RECEIVER_ID}","reason":"Needs help finding work"}'::jsonb`;

/** The referrals service's create transaction alone: what the ceiling is. */
function createTransaction(): string[] {
  const referralId = 'md5(:r::text)::uuid';
  return [
    'BEGIN;',
    line('lock', [`'referral-client:' || ${CLIENT}`]),
    line('referral', [
      referralId,
      CLIENT,
      `'${SENDER_ID}'`,
      `'${RECEIVER_ID}'`,
      `(SELECT data FROM floor_client WHERE id = ${CLIENT})`,
    ]),
    line('history', ['gen_random_uuid()', referralId]),
    line('events', [EVENT, EVENT]),
    'COMMIT;',
  ];
}

export function createTransactionScript(): string {
  return [...VARIABLES, ...createTransaction(), ''].join('\n');
}

/** Every statement of the path, in its order: the membership, the lookup, the snapshot, the create. */
export function pathScript(): string {
  return [
    ...VARIABLES,
    line('membership', [`'${USER_ID}'`]),
    line('lookup', [`ARRAY['${SENDER_ID}', '${RECEIVER_ID}']`]),
    'BEGIN;',
    line('client', [CLIENT]),
    line('consent', [CLIENT, `'${RECEIVER_ID}'`]),
    line('disclosure', [
      'md5(:d::text)::uuid',
      CLIENT,
      `(SELECT data FROM floor_client WHERE id = ${CLIENT})`,
      EVENT,
    ]),
    'COMMIT;',
    ...createTransaction(),
    '',
  ].join('\n');
}
