import { Writable } from 'node:stream';
import pino from 'pino';
import { BadRequestException, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { AppError } from '#contracts';
import { correlationIdFrom, REDACT_PATHS, refusalCode } from './logging.js';

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  return { logger, lines };
}

describe('log redaction', () => {
  it('removes personal fields and credentials wherever they sit', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        personalIdentityCode: '010190-123A',
        client: { firstName: 'Amina', lastName: 'Hassan', email: 'amina@example.org', id: 'c-1' },
        req: { headers: { authorization: 'Bearer secret-token' } },
        payload: { data: { phone: '+358401234567' } },
      },
      'registered',
    );
    const line = lines.join('');
    for (const secret of [
      '010190-123A',
      'Amina',
      'Hassan',
      'amina@example.org',
      'secret-token',
      '+358401234567',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('"id":"c-1"');
    expect(line).toContain('[redacted]');
  });
});

describe(correlationIdFrom.name, () => {
  it('keeps a well-formed incoming correlation id', () => {
    expect(correlationIdFrom('abc-12345-def')).toBe('abc-12345-def');
  });

  it('replaces a missing or suspicious one with a new uuid', () => {
    expect(correlationIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom('<script>alert(1)</script>')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(refusalCode.name, () => {
  it('names the code of a refusal', () => {
    expect(refusalCode(new AppError('VALIDATION.FAILED', 'x'))).toBe('VALIDATION.FAILED');
    expect(refusalCode(new AppError('RESOURCE.NOT_FOUND', 'x'))).toBe('RESOURCE.NOT_FOUND');
    expect(refusalCode(new BadRequestException())).toBe('VALIDATION.FAILED');
    expect(refusalCode(new NotFoundException())).toBe('HTTP.404');
  });

  it('gives null for a fault, so that it is logged as an error with its stack', () => {
    expect(refusalCode(new AppError('INTERNAL.ERROR', 'x'))).toBeNull();
    expect(refusalCode(new AppError('SERVICE.UNAVAILABLE', 'x'))).toBeNull();
    expect(refusalCode(new InternalServerErrorException())).toBeNull();
    expect(refusalCode(new TypeError('boom'))).toBeNull();
  });
});
