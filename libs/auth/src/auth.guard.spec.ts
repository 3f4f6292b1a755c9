import { AppError } from '#contracts';
import { bearerToken } from './auth.guard.js';

describe(bearerToken.name, () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['  Bearer   abc  ', 'abc'],
    [undefined, null],
    ['', null],
    ['Bearer', null],
    ['Basic YWR2aXNvcjpkZW1v', null],
  ])('reads %p as %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it('refuses two tokens in one header as malformed', () => {
    expect(() => bearerToken('Bearer a b')).toThrow(AppError);
    expect(() => bearerToken('Bearer a b')).toThrow(
      expect.objectContaining({ code: 'AUTH.TOKEN_MALFORMED' }),
    );
  });
});
