import { Catch, HttpException, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { AppError, type ErrorBody } from '#contracts';
import { isDatabaseUnavailable } from '#database';

/**
 * Services answer failures as error bodies with a stable code; the gateway maps the code to HTTP.
 * A database that cannot be reached (refused, lost, shutting down) is SERVICE.UNAVAILABLE: the caller
 * may retry. Anything else that is not an AppError is a bug: logged here, answered as INTERNAL.ERROR
 * without details.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown): Observable<ErrorBody> {
    return throwError(() => toErrorBody(exception, this.logger));
  }
}

export function toErrorBody(exception: unknown, logger?: Logger): ErrorBody {
  if (exception instanceof AppError) {
    return exception.toBody();
  }
  if (exception instanceof HttpException && exception.getStatus() === 400) {
    return { code: 'VALIDATION.FAILED', message: 'The request is invalid', details: exception.getResponse() };
  }
  if (isDatabaseUnavailable(exception)) {
    logger?.warn({ err: exception }, 'the database is unavailable');
    return { code: 'SERVICE.UNAVAILABLE', message: 'The database is unavailable; try again shortly' };
  }
  logger?.error({ err: exception }, 'unhandled error in message handler');
  return { code: 'INTERNAL.ERROR', message: 'An unexpected error occurred' };
}
