import { ValidationPipe } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { AppError, payloadRuleErrors } from '#contracts';
import { flattenValidationErrors } from '#messaging';

/** Nest's pipe plus the rules every payload class obeys (no null where not nullable, storable text). */
class PayloadValidationPipe extends ValidationPipe {
  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    return [...errors, ...payloadRuleErrors(object)];
  }
}

/** The gateway's one validation pipe: unknown fields are refused, each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new PayloadValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new AppError('VALIDATION.FAILED', 'The request is invalid', flattenValidationErrors(errors)),
  });
}
