import {
  canonicalJson,
  IDEMPOTENCY_KEY_PATTERN,
  ReplyCipher,
  requestHash,
  resourceIdsOf,
} from './idempotency.js';

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

describe(ReplyCipher.name, () => {
  const request = {
    subject: 'clients.client.create',
    userId: 'u',
    organisationId: 'o',
    key: 'k-12345678',
    hash: 'h',
  };
  const cipher = new ReplyCipher('secret');

  it('seals a reply so that no text of it is readable, and opens it for the same row only', () => {
    const sealed = cipher.encrypt(request, { id: 'c1', lastName: 'Virtanen' });
    expect(sealed).not.toContain('Virtanen');
    expect(cipher.decrypt(request, sealed)).toEqual({ id: 'c1', lastName: 'Virtanen' });
    // Moved to another user's or organisation's row, or read with another key: refused.
    expect(() => cipher.decrypt({ ...request, userId: 'v' }, sealed)).toThrow();
    expect(() => cipher.decrypt({ ...request, organisationId: 'p' }, sealed)).toThrow();
    expect(() => new ReplyCipher('other').decrypt(request, sealed)).toThrow();
  });
});

describe(resourceIdsOf.name, () => {
  it('names the reply’s own id, its client and its referral, nothing else', () => {
    expect(resourceIdsOf({ id: 'r', clientId: 'c', referralId: 'f', name: 'x' })).toEqual(['r', 'c', 'f']);
    expect(resourceIdsOf({ name: 'x' })).toEqual([]);
    expect(resourceIdsOf(null)).toEqual([]);
    expect(resourceIdsOf('text')).toEqual([]);
  });
});
