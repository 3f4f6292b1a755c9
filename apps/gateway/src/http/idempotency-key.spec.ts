import { AppError } from '#contracts';
import { idempotencyKeyOf } from './idempotency-key.js';
import type { GatewayRequest } from './request-context.js';

const request = (method: string, key?: string | string[]) =>
  ({ method, headers: key === undefined ? {} : { 'idempotency-key': key } }) as unknown as GatewayRequest;

describe(idempotencyKeyOf.name, () => {
  it('passes the key of a command (POST, PATCH, PUT, DELETE) on', () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE', 'post']) {
      expect(idempotencyKeyOf(request(method, 'key-0001'))).toBe('key-0001');
    }
  });

  it('ignores the header on reads, and a command without one', () => {
    expect(idempotencyKeyOf(request('GET', 'key-0001'))).toBeUndefined();
    expect(idempotencyKeyOf(request('HEAD', 'bad'))).toBeUndefined();
    expect(idempotencyKeyOf(request('POST'))).toBeUndefined();
  });

  it('refuses a malformed or repeated key with VALIDATION.FAILED naming the header', () => {
    for (const key of ['short', 'has space!', ['key-0001', 'key-0002']]) {
      const error = (() => {
        try {
          idempotencyKeyOf(request('POST', key));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toEqual([
        { field: 'Idempotency-Key', reasons: [expect.any(String)] },
      ]);
    }
  });
});
