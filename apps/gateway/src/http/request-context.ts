import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { correlationIdFrom } from '#observability';

export type GatewayRequest = Request & { correlationId?: string };

export function correlationIdOf(request: GatewayRequest): string {
  request.correlationId ??= correlationIdFrom(request.headers['x-correlation-id']);
  return request.correlationId;
}

/** The request's correlation id, to pass on in every NATS message. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  correlationIdOf(context.switchToHttp().getRequest<GatewayRequest>()),
);
