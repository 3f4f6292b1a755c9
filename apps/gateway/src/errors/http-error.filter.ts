import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, type ErrorBody, isAppError } from '#contracts';
import { correlationIdFrom, MetricsService } from '#observability';
import { RefusalAuditor } from '../audit/refusal-auditor.js';
import { httpStatusOf } from './http-status.js';

/** Seconds a client should wait before retrying after a 503: a restarting service or database is back in seconds. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

type RequestWithCorrelation = Request & { correlationId?: string };

/** Errors raised by Express itself (body parser) carry a `type` and a `status`. */
interface ExpressError {
  type?: string;
  status?: number;
}

function fromHttpException(exception: HttpException): AppError {
  const status = exception.getStatus();
  if (status === 429) {
    return new AppError('RATE.LIMITED', 'Too many requests; try again later');
  }
  switch (status) {
    case 400:
      return new AppError('VALIDATION.FAILED', 'The request is invalid');
    case 401:
      return new AppError('AUTH.TOKEN_INVALID', 'Authentication failed');
    case 403:
      return new AppError('AUTH.FORBIDDEN', 'Your role does not allow this');
    case 404:
      return new AppError('ROUTE.NOT_FOUND', 'No such resource');
    case 413:
      return new AppError('REQUEST.TOO_LARGE', 'The request body is too large');
    default:
      return new AppError('INTERNAL.ERROR', 'An unexpected error occurred');
  }
}

function fromExpressError(error: ExpressError): AppError | null {
  if (error.type === 'entity.too.large') {
    return new AppError('REQUEST.TOO_LARGE', 'The request body is too large');
  }
  if (error.type === 'entity.parse.failed') {
    return new AppError('REQUEST.MALFORMED_JSON', 'The request body is not valid JSON');
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new AppError('VALIDATION.FAILED', 'The request could not be read');
  }
  return null;
}

/** One filter for the whole gateway: a stable code, the status for it, and the correlation id. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(
    private readonly metrics: MetricsService,
    private readonly refusals: RefusalAuditor,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestWithCorrelation>();
    const response = http.getResponse<Response>();
    const correlationId = request.correlationId ?? correlationIdFrom(request.headers['x-correlation-id']);
    const error = this.toAppError(exception, correlationId);
    const status = httpStatusOf(error.code);
    this.metrics.refusals.inc({ code: error.code });
    this.refusals.record(request, error.code, status, correlationId);
    const body: ErrorBody & { correlationId: string } = { ...error.toBody(), correlationId };
    response.setHeader('X-Correlation-Id', correlationId);
    if (status === 503) {
      response.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    }
    // The request's one log line names the code (observability's logging module).
    response.locals.errorCode = error.code;
    response.status(status).json(body);
  }

  private toAppError(exception: unknown, correlationId: string): AppError {
    if (isAppError(exception)) {
      return exception;
    }
    if (exception instanceof HttpException) {
      // Nest wraps the body parser's errors; their cause says what really went wrong.
      const cause = exception.cause;
      const fromCause = typeof cause === 'object' && cause !== null ? fromExpressError(cause) : null;
      return fromCause ?? fromHttpException(exception);
    }
    const expressError =
      typeof exception === 'object' && exception !== null ? fromExpressError(exception) : null;
    if (expressError) {
      return expressError;
    }
    this.logger.error({ err: exception, correlationId }, 'unhandled error');
    return new AppError('INTERNAL.ERROR', 'An unexpected error occurred');
  }
}
