// Validates an HSDS export against the Open Referral HSDS 3.0 JSON schemas (draft 2020-12) kept in
// ./hsds-3.0 (see its README for the source and licence): each organization against
// compiled/organization.json, the page around them against the HSDS API Page schema (openapi.json).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';

const HSDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'hsds-3.0');
const ORGANIZATION_ID =
  'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/organization.json';
const STRICT_ORGANIZATION_ID = ORGANIZATION_ID.replace(/\.json$/, '.strict.json');

type Schema = Record<string, unknown>;

const readSchema = (path: string): Schema =>
  JSON.parse(readFileSync(resolve(HSDS_DIR, path), 'utf8')) as Schema;

/**
 * The same schema, but every object closed (additionalProperties: false): HSDS leaves objects open,
 * so a misspelt field would pass the official schema; the strict one catches it.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(closed);
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if (copy.type === 'object' && typeof copy.properties === 'object') {
    copy.additionalProperties = false;
  }
  return copy;
}

function pageSchema(openapi: Schema, organizationRef: string): Schema {
  const page = (openapi.components as { schemas: { Page: Schema } }).schemas.Page;
  const pageProperties = page.properties as Record<string, unknown>;
  return {
    type: 'object',
    required: [...Object.keys(pageProperties), 'contents'],
    properties: { ...pageProperties, contents: { type: 'array', items: { $ref: organizationRef } } },
  };
}

export interface HsdsValidators {
  /** Against the official HSDS 3.0 schemas. */
  official: ValidateFunction;
  /** The same, with no field that HSDS does not define. */
  strict: ValidateFunction;
}

export function hsdsValidators(): HsdsValidators {
  // The HSDS schemas carry Frictionless Data keywords (constraints, datapackage_metadata, ...).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  const organization = readSchema('compiled/organization.json');
  const openapi = readSchema('openapi.json');
  ajv.addSchema(organization, ORGANIZATION_ID);
  ajv.addSchema(closed(organization) as Schema, STRICT_ORGANIZATION_ID);
  return {
    official: ajv.compile(pageSchema(openapi, ORGANIZATION_ID)),
    strict: ajv.compile(closed(pageSchema(openapi, STRICT_ORGANIZATION_ID)) as Schema),
  };
}

export const describeErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`).join('\n');
