import type { ArgumentsHost } from '@nestjs/common';
import { AppError } from '#contracts';
import { MetricsService } from '#observability';
import type { RefusalAuditor } from '../audit/refusal-auditor.js';
import { HttpErrorFilter, UNAVAILABLE_RETRY_AFTER_S } from './http-error.filter.js';

/** What the filter wrote: status, headers and body. */
function answer(exception: unknown) {
  const headers: Record<string, string> = {};
  const written: { status?: number; body?: unknown } = {};
  const response = {
    locals: {},
    setHeader: (name: string, value: string) => {
      headers[name] = value;
    },
    status(code: number) {
      written.status = code;
      return this;
    },
    json(body: unknown) {
      written.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  const refusals = { record: () => undefined } as unknown as RefusalAuditor;
  new HttpErrorFilter(new MetricsService(), refusals).catch(exception, host);
  return { ...written, headers };
}

describe('HttpErrorFilter', () => {
  it('answers an unavailable service with 503, its code and Retry-After', () => {
    const { status, body, headers } = answer(
      new AppError('SERVICE.UNAVAILABLE', 'The database is unavailable'),
    );
    expect(status).toBe(503);
    expect(body).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
    expect(headers['Retry-After']).toBe(String(UNAVAILABLE_RETRY_AFTER_S));
  });

  it('gives no Retry-After to a refusal that a retry cannot fix', () => {
    const { status, headers } = answer(new AppError('RESOURCE.NOT_FOUND', 'No such referral'));
    expect(status).toBe(404);
    expect(headers['Retry-After']).toBeUndefined();
  });
});
