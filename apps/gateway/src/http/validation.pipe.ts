import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { AppError } from '#contracts';
import { flattenValidationErrors } from '#messaging';

/**
 * The first field (a dotted path) whose text holds a NUL character: PostgreSQL cannot store one in
 * text, so it is refused here as bad input (400), never left to fail in a service (500).
 */
export function fieldWithNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path || 'value' : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = fieldWithNul(item, `${path}[${index}]`);
      if (found) {
        return found;
      }
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found =
        fieldWithNul(item, path ? `${path}.${key}` : key) ?? (key.includes('\u0000') ? key : null);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

class GatewayValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = fieldWithNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (field !== null) {
      return Promise.reject(
        new AppError('VALIDATION.FAILED', 'The request is invalid', [
          { field, reasons: [`${field} must not contain a NUL character`] },
        ]),
      );
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** The gateway's one validation pipe: unknown fields are refused, each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new AppError('VALIDATION.FAILED', 'The request is invalid', flattenValidationErrors(errors)),
  });
}
