import { ValidationPipe } from '@nestjs/common';
import { AppError } from '#contracts';
import { flattenValidationErrors } from '#messaging';

/** The gateway's one validation pipe: unknown fields are refused, each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new AppError('VALIDATION.FAILED', 'The request is invalid', flattenValidationErrors(errors)),
  });
}
