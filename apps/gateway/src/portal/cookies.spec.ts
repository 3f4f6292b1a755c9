import { cookieOptions, portalCookies, readCookie } from './cookies.js';
import { bucketName } from './session-store.js';

describe(portalCookies.name, () => {
  it('names the cookies plainly on http', () => {
    expect(portalCookies('http://127.0.0.1:3000')).toEqual({
      session: 'moni_session',
      login: 'moni_login',
      secure: false,
    });
  });

  it('gives them the __Host- prefix and Secure on https', () => {
    const cookies = portalCookies('https://moni.example');
    expect(cookies).toEqual({ session: '__Host-moni_session', login: '__Host-moni_login', secure: true });
    expect(cookieOptions(cookies)).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
  });
});

describe(readCookie.name, () => {
  it.each([
    ['moni_session=abc', 'abc'],
    ['a=1; moni_session=abc; b=2', 'abc'],
    ['moni_session=abc; moni_session=def', 'abc'],
    ['x_moni_session=abc', null],
    ['moni_session_x=abc', null],
    ['moni_session=%E0%A4%A', null],
    ['', null],
    [undefined, null],
  ])('reads %p as %p', (header, value) => {
    expect(readCookie(header, 'moni_session')).toBe(value);
  });
});

describe(bucketName.name, () => {
  it('namespaces the bucket by NATS_SUBJECT_PREFIX', () => {
    expect(bucketName('', 'moni_sessions')).toBe('moni_sessions');
    expect(bucketName('t1a2b3', 'moni_sessions')).toBe('t1a2b3_moni_sessions');
    expect(bucketName('team.a', 'moni_sessions')).toBe('team_a_moni_sessions');
  });
});
