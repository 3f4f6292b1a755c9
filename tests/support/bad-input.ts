// Bad requests generated from the OpenAPI document (issue 16): for every operation, one request per
// bad value of one input (a body field, a path or query parameter, a header), everything else
// plausible, so that the bad value is the only reason to refuse it. Seeded: a failure is reproducible.
import fc from 'fast-check';

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
  pattern?: string;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One request of the sweep: which input holds which bad value (`label` says what kind). */
export interface BadRequest {
  method: string;
  /** The path template, e.g. /api/v1/organisations/{id}. */
  route: string;
  target: string;
  label: string;
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  /** Text sent as is (malformed JSON), or a value sent as JSON; undefined: no body. */
  body?: { raw: string } | { json: unknown };
}

export const SEED = 16;
const LONG = 20_000;
// A URL of more than 16 KiB is refused by Node itself (431, before the application): query values stay below.
const LONG_QUERY = 4_000;
const PLACEHOLDER_ID = '0d5e1f2a-3b4c-4d5e-8f60-718293a4b5c6';

const CONTROL_TEXTS: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['escape', '\u001b[31m'],
  ['DEL', 'x\u007f'],
  ['C1 control', 'x\u0085y'],
  ['lone surrogate', 'x\ud800'],
];

export class SchemaWalker {
  constructor(private readonly document: OpenApiDocument) {}

  resolve(schema: Schema | undefined): Schema {
    if (!schema) {
      return {};
    }
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return this.resolve({ ...this.document.components?.schemas?.[name], ...omit(schema, '$ref') });
    }
    if (schema.allOf) {
      return schema.allOf.reduce<Schema>(
        (merged, part) => {
          const resolved = this.resolve(part);
          return {
            ...merged,
            ...resolved,
            properties: { ...merged.properties, ...resolved.properties },
            required: [...(merged.required ?? []), ...(resolved.required ?? [])],
          };
        },
        omit(schema, 'allOf'),
      );
    }
    if (schema.oneOf ?? schema.anyOf) {
      return this.resolve((schema.oneOf ?? schema.anyOf)![0]);
    }
    return schema;
  }

  /** A plausible value: what a careful client would send (required properties only). */
  sample(raw: Schema | undefined, name = ''): unknown {
    const schema = this.resolve(raw);
    if (schema.example !== undefined) {
      return schema.example;
    }
    if (schema.enum?.length) {
      return schema.enum[0];
    }
    switch (typeOf(schema)) {
      case 'object':
        return Object.fromEntries(
          (schema.required ?? []).map((key) => [key, this.sample(schema.properties?.[key], key)]),
        );
      case 'array':
        return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () =>
          this.sample(schema.items, name),
        );
      case 'integer':
      case 'number':
        return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
      case 'boolean':
        return false;
      default:
        return sampleString(schema, name);
    }
  }

  /** Bad values for one input of this schema, each with a label. */
  badValues(raw: Schema | undefined, where: 'body' | 'query' | 'path', seed: number): [string, unknown][] {
    const schema = this.resolve(raw);
    const type = typeOf(schema);
    const item = type === 'array' ? this.resolve(schema.items) : schema;
    const wrap = type === 'array' ? (value: unknown) => [value] : (value: unknown) => value;
    const asInput = (value: number): unknown => (where === 'body' ? wrap(value) : String(value));
    return [
      ...wrongTypeValues(schema, type, where, seed),
      ...this.textValues(schema, type, where),
      ...stringRuleValues(item, wrap),
      ...numberRuleValues(item, asInput),
      ...(type === 'array' && where === 'body' ? this.itemCountValues(schema) : []),
    ];
  }

  /** Control characters and overlong text, for a text input (and any query or path parameter). */
  private textValues(schema: Schema, type: string, where: InputPlace): [string, unknown][] {
    const textual =
      type === 'string' || (type === 'array' && typeOf(this.resolve(schema.items)) === 'string');
    if (!textual && where === 'body') {
      return [];
    }
    const text = (value: string): unknown => (type === 'array' ? [value] : value);
    const long = where === 'body' ? LONG : LONG_QUERY;
    // A URL carries UTF-8 only: a lone surrogate cannot be sent in a query or path.
    return [
      ...CONTROL_TEXTS.filter(([label]) => where === 'body' || label !== 'lone surrogate').map(
        ([label, value]): [string, unknown] => [label, text(value)],
      ),
      [`${long} characters`, text('x'.repeat(long))],
    ];
  }

  /** One item more than maxItems, one fewer than minItems. */
  private itemCountValues(schema: Schema): [string, unknown][] {
    const values: [string, unknown][] = [];
    if (schema.maxItems !== undefined) {
      values.push([
        `maxItems ${schema.maxItems} + 1`,
        Array.from({ length: schema.maxItems + 1 }, () => this.sample(schema.items)),
      ]);
    }
    if (schema.minItems !== undefined && schema.minItems > 0) {
      values.push([
        `minItems ${schema.minItems} - 1`,
        Array.from({ length: schema.minItems - 1 }, () => this.sample(schema.items)),
      ]);
    }
    return values;
  }

  /**
   * Every field of a body (nested ones by path, array items through their first element): its path
   * and schema, for one bad value at a time.
   */
  fields(
    raw: Schema | undefined,
    prefix: (string | number)[] = [],
    depth = 0,
  ): { path: (string | number)[]; schema: Schema; required: boolean }[] {
    const schema = this.resolve(raw);
    if (depth > 4) {
      return [];
    }
    return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
      const path = [...prefix, key];
      const resolved = this.resolve(property);
      const own = { path, schema: property, required: schema.required?.includes(key) ?? false };
      if (typeOf(resolved) === 'object') {
        return [own, ...this.fields(resolved, path, depth + 1)];
      }
      if (typeOf(resolved) === 'array' && typeOf(this.resolve(resolved.items)) === 'object') {
        return [own, ...this.fields(resolved.items, [...path, 0], depth + 1)];
      }
      return [own];
    });
  }

  /** The plausible body with the value at `path` replaced (parents filled in as a careful client would). */
  bodyWith(root: Schema | undefined, path: (string | number)[], value: unknown): unknown {
    const body = this.sample(root) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = body;
    let schema = this.resolve(root);
    path.forEach((key, index) => {
      const last = index === path.length - 1;
      const child =
        typeof key === 'number' ? this.resolve(schema.items) : this.resolve(schema.properties?.[key]);
      if (last) {
        node[key] = value;
        return;
      }
      if (typeof node[key] !== 'object' || node[key] === null) {
        node[key] = this.sample(child);
      }
      node = node[key] as Record<string | number, unknown>;
      schema = child;
    });
    return body;
  }

  /** A path without the key itself. */
  bodyWithout(root: Schema | undefined, path: (string | number)[]): unknown {
    const body = this.bodyWith(root, path, undefined);
    return JSON.parse(JSON.stringify(body)) as unknown;
  }
}

function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

export function typeOf(schema: Schema): string {
  if (schema.type) {
    return schema.type;
  }
  if (schema.properties) {
    return 'object';
  }
  if (schema.items) {
    return 'array';
  }
  if (schema.enum?.length) {
    return typeof schema.enum[0];
  }
  return 'string';
}

function sampleString(schema: Schema, name: string): string {
  switch (schema.format ?? '') {
    case 'uuid':
      return PLACEHOLDER_ID;
    case 'email':
      return 'sweep@example.org';
    case 'date-time':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'date':
      return '1990-05-17';
    case 'uri':
    case 'url':
      return 'https://example.org/sweep';
    default:
      return /language/i.test(name) ? 'fi' : 'x'.repeat(Math.max(schema.minLength ?? 0, 5));
  }
}

/** Two classic wrong types; randomWrongType adds a generated one of another kind. */
function wrongTypes(type: string): [string, unknown][] {
  switch (type) {
    case 'string':
      return [
        ['number for text', 12345],
        ['array for text', ['a']],
      ];
    case 'integer':
    case 'number':
      return [
        ['text for a number', 'abc'],
        ['numeric text', '1'],
      ];
    case 'boolean':
      return [
        ['text for a boolean', 'true'],
        ['number for a boolean', 1],
      ];
    case 'array':
      return [
        ['text for an array', 'a'],
        ['object for an array', { 0: 'a' }],
      ];
    default:
      return [
        ['text for an object', 'a'],
        ['array for an object', [{}]],
      ];
  }
}

type InputPlace = 'body' | 'query' | 'path';

/** Values of the wrong JSON type (a body), or text that is no number or boolean (a query or path). */
function wrongTypeValues(schema: Schema, type: string, where: InputPlace, seed: number): [string, unknown][] {
  if (where === 'body') {
    return [
      ...wrongTypes(type),
      ...(schema.nullable ? [] : [['null', null] as [string, unknown]]),
      ['random wrong type', randomWrongType(type, seed)],
    ];
  }
  if (type === 'integer' || type === 'number') {
    return [
      ['not a number', 'abc'],
      ['number with text', '12abc'],
    ];
  }
  return type === 'boolean' ? [['not a boolean', 'maybe']] : [];
}

/** Breaks of the text rules: length, enum, format and pattern. */
function stringRuleValues(item: Schema, wrap: (value: unknown) => unknown): [string, unknown][] {
  const values: [string, unknown][] = [];
  if (item.maxLength !== undefined) {
    values.push([`maxLength ${item.maxLength} + 1`, wrap('x'.repeat(item.maxLength + 1))]);
  }
  if (item.minLength !== undefined && item.minLength > 0) {
    values.push([`minLength ${item.minLength} - 1`, wrap('x'.repeat(item.minLength - 1))]);
  }
  if (item.enum?.length) {
    const first = String(item.enum[0]);
    values.push(['not in the enum', wrap(`${first}_not_listed`)]);
    if (first.toUpperCase() !== first) {
      values.push(['enum in upper case', wrap(first.toUpperCase())]);
    }
  }
  for (const [label, value] of badFormats(item.format)) {
    values.push([label, wrap(value)]);
  }
  if (item.pattern && item.example === undefined) {
    values.push(['does not match the pattern', wrap('#!?')]);
  }
  return values;
}

/** Breaks of the number rules: past the bounds, a fraction or a huge number for an integer. */
function numberRuleValues(item: Schema, asInput: (value: number) => unknown): [string, unknown][] {
  const values: [string, unknown][] = [];
  const numeric = typeOf(item) === 'integer' || typeOf(item) === 'number';
  if (numeric && item.minimum !== undefined) {
    values.push([`minimum ${item.minimum} - 1`, asInput(item.minimum - 1)]);
  }
  if (numeric && item.maximum !== undefined) {
    values.push([`maximum ${item.maximum} + 1`, asInput(item.maximum + 1)]);
  }
  if (typeOf(item) === 'integer') {
    values.push(['a fraction', asInput(1.5)], ['beyond 64 bits', asInput(1e21)]);
  }
  return values;
}

/** A value of a wrong type, generated (seeded). */
function randomWrongType(type: string, seed: number): unknown {
  return fc.sample(wrongTypeArbitrary(type), { seed, numRuns: 1 })[0];
}

/** Values of every JSON type but `type`. */
function wrongTypeArbitrary(type: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.string({ minLength: 1 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
      );
    case 'integer':
    case 'number':
    case 'boolean':
      return fc.oneof(
        fc.string({ minLength: 1 }),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.string({ minLength: 1 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
      );
    case 'array':
      return fc.oneof(fc.string({ minLength: 1 }), fc.integer(), fc.boolean());
    default:
      return fc.oneof(
        fc.string({ minLength: 1 }),
        fc.integer(),
        fc.boolean(),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
      );
  }
}

function badFormats(format: string | undefined): [string, string][] {
  switch (format ?? '') {
    case 'uuid':
      return [
        ['not a uuid', 'not-a-uuid'],
        ['uuid with a bad digit', '0d5e1f2a-3b4c-4d5e-8f60-718293a4b5cg'],
      ];
    case 'email':
      return [
        ['not an e-mail', 'not-an-email'],
        ['e-mail without domain', 'a@'],
      ];
    case 'date-time':
      return [
        ['impossible date-time', '2026-13-40T25:61:00Z'],
        ['not a date-time', 'yesterday'],
      ];
    case 'date':
      return [
        ['impossible date', '2026-02-30'],
        ['not a date', '17.5.1990'],
      ];
    case 'uri':
    case 'url':
      return [
        ['not a URL', 'not a url'],
        ['script URL', 'javascript:alert(1)'],
      ];
    default:
      return [];
  }
}

export const BAD_PATH_IDS: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['uuid with a bad digit', '0d5e1f2a-3b4c-4d5e-8f60-718293a4b5cg'],
  ['NUL', '%00'],
  ['300 characters', 'x'.repeat(300)],
  ['dot segments', '..%2F..%2Fhealth'],
  ['quote', "1'OR'1'='1"],
  ['percent-encoded junk', '%E0%A4%A'],
];

export const BAD_HEADERS: Record<string, [string, string][]> = {
  'if-match': [
    ['not a version', 'abc'],
    ['negative version', '"-1"'],
    ['huge version', '"99999999999"'],
  ],
  'idempotency-key': [
    ['too short', 'abc'],
    ['spaces', 'not a valid key'],
    ['too long', 'k'.repeat(200)],
  ],
};

/** A seed of its own for each input, derived from SEED and a name (stable across runs). */
export function seedFor(name: string): number {
  let hash = SEED;
  for (const char of name) {
    hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  }
  return hash;
}
