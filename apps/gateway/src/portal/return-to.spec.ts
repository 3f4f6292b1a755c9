import { safeReturnTo } from './return-to.js';

const ORIGIN = 'http://127.0.0.1:3000';

describe(safeReturnTo.name, () => {
  it.each([
    ['/', '/'],
    ['/referrals/5b6c7b0e-2d0b-4e3f-9a57-1f2e3d4c5b6a', '/referrals/5b6c7b0e-2d0b-4e3f-9a57-1f2e3d4c5b6a'],
    ['/outbox?status=requested&lang=sv', '/outbox?status=requested&lang=sv'],
    ['/clients#top', '/clients#top'],
    ['/a/../b', '/b'],
    // An encoded control character is only text in a path; raw ones are refused below.
    ['/%0a', '/%0a'],
  ])('keeps the relative path %p', (value, expected) => {
    expect(safeReturnTo(value, ORIGIN)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http://127.0.0.1:3000/clients',
    'javascript:alert(1)',
    'evil.example',
    'clients',
    '/\tevil',
    '/ /evil',
    '',
    '/' + 'a'.repeat(2048),
  ])('refuses %p', (value) => {
    expect(safeReturnTo(value, ORIGIN)).toBeNull();
  });

  it.each([undefined, null, 42, ['/a', '/b']])('refuses a non-string %p', (value) => {
    expect(safeReturnTo(value, ORIGIN)).toBeNull();
  });
});
