import { canonicalJson, IDEMPOTENCY_KEY_PATTERN, requestHash } from './idempotency.js';

describe('idempotency request hash', () => {
  it('is the same for the same data whatever the order of keys, nested too', () => {
    expect(requestHash({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(
      requestHash({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
    expect(canonicalJson({ b: 1, a: [{ y: 1, x: 2 }] })).toBe('{"a":[{"x":2,"y":1}],"b":1}');
  });

  it('differs for different data, and for array order', () => {
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
    expect(requestHash(undefined)).toBe(requestHash(null));
  });

  it('accepts 8 to 128 characters of A-Z a-z 0-9 . _ : -', () => {
    for (const key of [
      'abcdefgh',
      'a'.repeat(128),
      'retry:2026-01-01_a.b-c',
      '550e8400-e29b-41d4-a716-446655440000',
    ]) {
      expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(true);
    }
    for (const key of ['abcdefg', 'a'.repeat(129), 'has space', 'slash/key1', 'ünïcödé-key', '']) {
      expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(false);
    }
  });
});
