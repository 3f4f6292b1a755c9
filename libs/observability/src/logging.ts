import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { isAppError, isFaultCode } from '#contracts';
import { isEnvelope } from '#messaging';
import { ERROR_SERIALIZERS } from './error-serializer.js';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Paths pino replaces with "[redacted]": credentials and the personal fields of the domain,
 * wherever they appear one or two levels deep in a logged object.
 */
const PERSONAL_FIELDS = [
  'firstName',
  'lastName',
  'name',
  'dateOfBirth',
  'personalIdentityCode',
  'personalIdentityCodeMasked',
  'nameMasked',
  'education',
  'workHistory',
  'residenceStatusNote',
  'email',
  'phone',
  'address',
  'description',
  'reason',
  'reasonText',
  'body',
  'note',
  'password',
  'token',
  'access_token',
  'refresh_token',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's correlation id when it looks like one, otherwise a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && CORRELATION_ID_PATTERN.test(value) ? value : randomUUID();
}

type RequestWithCorrelation = IncomingMessage & { correlationId?: string };

/** Where the gateway's error filter leaves the code of its answer, for the request's log line. */
export type ResponseWithErrorCode = ServerResponse & { locals?: { errorCode?: string } };

/**
 * The code of a refusal (an AppError that is not a fault, or a 4xx HttpException), or null for a
 * fault. A refusal is logged once, at info, with its code and no stack; a fault is an error with it.
 */
export function refusalCode(error: unknown): string | null {
  if (isAppError(error)) {
    return isFaultCode(error.code) ? null : error.code;
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    return error.getStatus() === 400 ? 'VALIDATION.FAILED' : `HTTP.${error.getStatus()}`;
  }
  return null;
}

/** The level of an answered message (debug), a refused one (info) or a failed one (error). */
function messageLogLevel(error: unknown): 'debug' | 'info' | 'error' {
  if (error === undefined) {
    return 'debug';
  }
  return refusalCode(error) === null ? 'error' : 'info';
}

/**
 * JSON logs through pino, with the correlation id of the HTTP request or NATS message on every line:
 * to stdout, or appended to `logFile` (LOG_FILE) when one is given.
 */
export function loggingModule(serviceName: string, level: string, logFile?: string): DynamicModule {
  const options = {
    level,
    base: { service: serviceName },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    genReqId: (req: RequestWithCorrelation, res: ServerResponse) => {
      const id = req.correlationId ?? correlationIdFrom(req.headers[CORRELATION_HEADER]);
      req.correlationId = id;
      res.setHeader('X-Correlation-Id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'correlationId' },
    // The correlation id on the request's own line and on every line logged while handling it.
    customProps: (req: RequestWithCorrelation) => ({ correlationId: req.correlationId }),
    serializers: {
      // Database errors without the failed query's parameters or the driver's details.
      ...ERROR_SERIALIZERS,
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url?.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: {
      ignore: (req: IncomingMessage) => req.url?.startsWith('/health') === true || req.url === '/metrics',
    },
    // A 4xx answer is a refusal (info, with its code); only a 5xx or a thrown error is an error.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err !== undefined || res.statusCode >= 500 ? 'error' : 'info',
    customSuccessObject: (_req: IncomingMessage, res: ResponseWithErrorCode, value: object) =>
      res.locals?.errorCode ? { ...value, code: res.locals.errorCode } : value,
    customErrorObject: (_req: IncomingMessage, res: ResponseWithErrorCode, _err: Error, value: object) =>
      res.locals?.errorCode ? { ...value, code: res.locals.errorCode } : value,
  };
  return LoggerModule.forRoot({
    // stdout is written asynchronously (pino flushes what is left at exit): a synchronous write per
    // line blocks the event loop on the terminal or pipe, on every request. The file stays
    // synchronous, so that what a test reads is there.
    pinoHttp: [
      options,
      logFile
        ? destination({ dest: logFile, sync: true, append: true, mkdir: true })
        : destination({ dest: 1, sync: false }),
    ],
    microservice: {
      genReqId: (context) => {
        const data: unknown = context.switchToRpc().getData();
        return isEnvelope(data) ? data.correlationId : randomUUID();
      },
      customAttributeKeys: { reqId: 'correlationId' },
      autoLogging: { ignore: (context) => String(context.switchToRpc().getContext()).includes('health') },
      // Answered messages at debug; a refusal once at info with its code and no stack; a fault an error.
      customLogLevel: (_context, error) => messageLogLevel(error),
      customErrorMessage: (_context, error) =>
        refusalCode(error) === null ? 'message errored' : 'message refused',
      customErrorObject: (_context, error, value) => {
        const code = refusalCode(error);
        return code === null
          ? value
          : { code, responseTime: (value as { responseTime?: number }).responseTime };
      },
    },
  });
}
