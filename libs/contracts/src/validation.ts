// Rules every payload class obeys without saying so, checked by the gateway's validation pipe and
// by EnvelopePayloadPipe in the services (docs/architecture.md, "Validation rules"):
// - `@IsOptional()` lets `null` through; a field that is optional but not declared
//   `nullable: true` in its OpenAPI metadata is refused when null (its code would not expect it);
// - no text anywhere may hold control characters or broken UTF-16 (PostgreSQL cannot store NUL;
//   PDFs and e-mails cannot show the rest); a field marked `@IsFreeText()` may hold \t, \n and \r.
import 'reflect-metadata';
import { getMetadataStorage, ValidateBy, ValidationTypes, type ValidationError } from 'class-validator';

/** @nestjs/swagger's key of a property's OpenAPI metadata (copied by PickType/OmitType). */
const API_PROPERTY = 'swagger/apiModelProperties';
const FREE_TEXT = 'isFreeText';

// C0 controls, DEL and C1 controls; lone surrogates cannot be encoded as UTF-8.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const FREE_TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a text may be stored and shown: no control characters (\t \n \r in free text), whole characters. */
export function isStorableText(value: string, freeText = false): boolean {
  return !(freeText ? FREE_TEXT_CONTROL : CONTROL).test(value) && !LONE_SURROGATE.test(value);
}

/**
 * Marks multi-line free text (descriptions, notes, messages): tab, line feed and carriage return
 * allowed. A marker only (class-validator metadata, which PickType/OmitType copy): payloadRuleErrors checks.
 */
export function IsFreeText(): PropertyDecorator {
  return ValidateBy({ name: FREE_TEXT, validator: { validate: () => true } });
}

interface PropertyRules {
  optional: boolean;
  freeText: boolean;
}

function rulesOf(target: object): Map<string, PropertyRules> {
  const rules = new Map<string, PropertyRules>();
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  for (const metadata of metadatas) {
    const rule = rules.get(metadata.propertyName) ?? { optional: false, freeText: false };
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === 'isOptional') {
      rule.optional = true;
    }
    if (metadata.name === FREE_TEXT) {
      rule.freeText = true;
    }
    rules.set(metadata.propertyName, rule);
  }
  return rules;
}

function acceptsNull(target: object, property: string): boolean {
  const prototype = (target.constructor as { prototype?: object } | undefined)?.prototype ?? target;
  const api = Reflect.getMetadata(API_PROPERTY, prototype, property) as { nullable?: boolean } | undefined;
  return api?.nullable === true;
}

function refusal(target: object, property: string, value: unknown, constraints: Record<string, string>) {
  return { target, property, value, constraints, children: [] } as ValidationError;
}

function nested(target: object, property: string, value: unknown, children: ValidationError[]) {
  return { target, property, value, children } as ValidationError;
}

/** Errors of one value: a text checked, an array or object walked. `freeText` applies to texts only. */
function valueErrors(owner: object, property: string, value: unknown, freeText: boolean): ValidationError[] {
  if (typeof value === 'string') {
    return isStorableText(value, freeText)
      ? []
      : [
          refusal(owner, property, value, {
            isStorableText: `${property} must not contain control characters or broken characters`,
          }),
        ];
  }
  if (Array.isArray(value)) {
    const children = value.flatMap((item, index) => valueErrors(value, String(index), item, freeText));
    return children.length > 0 ? [nested(owner, property, value, children)] : [];
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const children = payloadRuleErrors(value);
    return children.length > 0 ? [nested(owner, property, value, children)] : [];
  }
  return [];
}

/**
 * The implicit rules over a payload after class-transformer (nested payloads are instances of their
 * classes), as class-validator errors so that they are reported like any other: `field` names the path.
 */
export function payloadRuleErrors(payload: object): ValidationError[] {
  const rules = rulesOf(payload);
  const errors: ValidationError[] = [];
  for (const [property, value] of Object.entries(payload)) {
    const rule = rules.get(property);
    if (value === null) {
      if (rule?.optional && !acceptsNull(payload, property)) {
        errors.push(
          refusal(payload, property, value, { isNotNull: `${property} may be left out but not null` }),
        );
      }
      continue;
    }
    // Keys of free-form objects (an audit entry's `detail`) end up in storage and logs too.
    if (!isStorableText(property)) {
      errors.push(
        refusal(payload, property, value, {
          isStorableText: 'a field name must not contain control characters',
        }),
      );
      continue;
    }
    errors.push(...valueErrors(payload, property, value, rule?.freeText ?? false));
  }
  return errors;
}
