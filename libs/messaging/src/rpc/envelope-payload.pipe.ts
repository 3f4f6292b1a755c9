import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AppError, payloadRuleErrors, type Envelope } from '#contracts';
import { isEnvelope } from './envelope.js';

export interface FieldError {
  field: string;
  reasons: string[];
}

function fieldErrors(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** One entry per field (class-validator's and the payload rules' reasons together), nested ones by path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const { field, reasons } of fieldErrors(errors, parent)) {
    byField.set(field, [...(byField.get(field) ?? []), ...reasons]);
  }
  return [...byField].map(([field, reasons]) => ({ field, reasons }));
}

/**
 * Checks a received envelope and validates its data against a payload class, so a service never
 * trusts what arrives on NATS (whitelisted, unknown fields refused), with the gateway's payload rules
 * (no null where not nullable, storable text: #contracts validation.ts).
 */
@Injectable()
export class EnvelopePayloadPipe<T extends object> implements PipeTransform<unknown, Promise<Envelope<T>>> {
  constructor(private readonly payloadClass?: Type<T>) {}

  async transform(value: unknown): Promise<Envelope<T>> {
    if (!isEnvelope(value)) {
      throw new AppError('VALIDATION.FAILED', 'The message is not a valid envelope');
    }
    if (!this.payloadClass) {
      return value as Envelope<T>;
    }
    const data = plainToInstance(this.payloadClass, value.data ?? {});
    const errors = [
      ...(await validate(data, { whitelist: true, forbidNonWhitelisted: true })),
      ...payloadRuleErrors(data),
    ];
    if (errors.length > 0) {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', flattenValidationErrors(errors));
    }
    return { ...value, data };
  }
}
