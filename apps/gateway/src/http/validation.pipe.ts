import { ValidationPipe } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { AppError, payloadRuleErrors } from '#contracts';
import { flattenValidationErrors } from '#messaging';

/**
 * Nest's pipe after the rules every payload class obeys (no null where not nullable, storable text):
 * text that breaks them never reaches a validator (validator.js's isEmail throws on a lone surrogate).
 */
class PayloadValidationPipe extends ValidationPipe {
  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const refused = payloadRuleErrors(object);
    return refused.length > 0 ? refused : super.validate(object, options);
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
