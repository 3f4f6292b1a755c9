import { constantTimeEqual, csrfRefusal, isStateChanging } from './csrf.js';

const ORIGIN = 'http://127.0.0.1:3000';
const TOKEN = 'c2Vzc2lvbi1jc3JmLXRva2VuLTEyMzQ1Njc4OTA';

describe(csrfRefusal.name, () => {
  it('lets a same-origin request with the token pass', () => {
    expect(csrfRefusal({ origin: ORIGIN, 'x-csrf-token': TOKEN }, TOKEN, ORIGIN)).toBeNull();
  });

  it('accepts Sec-Fetch-Site: same-origin when the browser sent no Origin', () => {
    expect(csrfRefusal({ 'sec-fetch-site': 'same-origin', 'x-csrf-token': TOKEN }, TOKEN, ORIGIN)).toBeNull();
  });

  it.each([
    ['a missing token', { origin: ORIGIN }],
    ['an empty token', { origin: ORIGIN, 'x-csrf-token': '' }],
    ['a wrong token', { origin: ORIGIN, 'x-csrf-token': `${TOKEN}x` }],
    ['a token of the same length', { origin: ORIGIN, 'x-csrf-token': TOKEN.replace(/^./, 'd') }],
  ])('refuses %s', (_label, headers) => {
    expect(csrfRefusal(headers, TOKEN, ORIGIN)).toMatch(/X-CSRF-Token/);
  });

  it.each([
    ['a cross-site Origin', { origin: 'https://evil.example', 'x-csrf-token': TOKEN }],
    ['another port', { origin: 'http://127.0.0.1:3001', 'x-csrf-token': TOKEN }],
    ['Origin null', { origin: 'null', 'x-csrf-token': TOKEN }],
    [
      'a foreign Origin even with Sec-Fetch-Site same-origin',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin', 'x-csrf-token': TOKEN },
    ],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site', 'x-csrf-token': TOKEN }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site', 'x-csrf-token': TOKEN }],
    ['neither Origin nor Sec-Fetch-Site', { 'x-csrf-token': TOKEN }],
  ])('refuses %s', (_label, headers) => {
    expect(csrfRefusal(headers, TOKEN, ORIGIN)).toMatch(/origin/);
  });
});

describe(isStateChanging.name, () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('%s changes state', (method) => {
    expect(isStateChanging(method)).toBe(true);
  });
  it.each(['GET', 'HEAD', 'OPTIONS'])('%s does not', (method) => {
    expect(isStateChanging(method)).toBe(false);
  });
});

describe(constantTimeEqual.name, () => {
  it('compares', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
