import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AppError, payloadRuleErrors, type Envelope, type FieldError } from '#contracts';
import { isEnvelope } from './envelope.js';

export type { FieldError };

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
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
    // The payload rules first: text that breaks them never reaches a validator (some throw on it).
    const refused = payloadRuleErrors(data);
    const errors =
      refused.length > 0 ? refused : await validate(data, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', flattenValidationErrors(errors));
    }
    return { ...value, data };
  }
}
