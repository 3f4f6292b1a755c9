import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { ApiHeader } from '@nestjs/swagger';
import { AppError } from '#contracts';
import type { GatewayRequest } from './request-context.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The same rule the services apply (libs/service-core/src/idempotency.ts). */
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** The methods that change something: only their requests carry a key to the services. */
const COMMAND_REQUEST_METHODS = new Set([
  RequestMethod.POST,
  RequestMethod.PATCH,
  RequestMethod.PUT,
  RequestMethod.DELETE,
]);
const COMMAND_METHODS = new Set([...COMMAND_REQUEST_METHODS].map((method) => RequestMethod[method]));

/**
 * The client's Idempotency-Key of a command (POST, PATCH, PUT, DELETE), checked; undefined when it
 * sent none or the request is a read. A retry with the same key and body gets the first outcome.
 */
export function idempotencyKeyOf(request: GatewayRequest): string | undefined {
  if (!COMMAND_METHODS.has(request.method.toUpperCase())) {
    return undefined;
  }
  const value = request.headers['idempotency-key'];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
      {
        field: IDEMPOTENCY_KEY_HEADER,
        reasons: ['Idempotency-Key must be 8 to 128 characters of A-Z a-z 0-9 . _ : -'],
      },
    ]);
  }
  return value;
}

export const IDEMPOTENCY_KEY_API_HEADER = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    'A key of your choosing (8-128 characters of A-Z a-z 0-9 . _ : -), new for each command. ' +
    'A retry with the same key and body within 24 h gets the first outcome and does not run again; ' +
    'the same key with another body is 409 RESOURCE.CONFLICT (details.reason IDEMPOTENCY_KEY_REUSED).',
  schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]{8,128}$' },
} as const;

/**
 * For @Caller(): documents the header on the command routes that take a caller. Parameter
 * decorators run before the route's @Post()/@Patch(), so the method is looked at once the class is
 * fully decorated (a microtask later, long before the OpenAPI document is built).
 */
export function documentIdempotencyKey(target: object, propertyKey: string | symbol | undefined): void {
  if (propertyKey === undefined) {
    return;
  }
  queueMicrotask(() => {
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
    const method: unknown = descriptor && Reflect.getMetadata(METHOD_METADATA, descriptor.value as object);
    if (descriptor && COMMAND_REQUEST_METHODS.has(method as RequestMethod)) {
      ApiHeader(IDEMPOTENCY_KEY_API_HEADER)(target, propertyKey, descriptor);
    }
  });
}
