import { AppError } from '#contracts';
import { likePattern, parseClientQuery } from './client-query.js';

describe(parseClientQuery.name, () => {
  it('recognises an identity code and normalises it', () => {
    expect(parseClientQuery(' 131052-308t ')).toEqual({ kind: 'identity_code', code: '131052-308T' });
  });

  it('refuses a code-shaped search with a wrong check character, naming q', () => {
    expect(() => parseClientQuery('131052-308U')).toThrow(AppError);
  });

  it('recognises ISO and Finnish dates', () => {
    expect(parseClientQuery('1990-01-31')).toEqual({ kind: 'date_of_birth', date: '1990-01-31' });
    expect(parseClientQuery('31.1.1990')).toEqual({ kind: 'date_of_birth', date: '1990-01-31' });
    expect(() => parseClientQuery('31.2.1990')).toThrow(AppError);
  });

  it('splits a name into lower-case terms', () => {
    expect(parseClientQuery('Amina  HASSAN')).toEqual({ kind: 'name', terms: ['amina', 'hassan'] });
    expect(parseClientQuery('')).toEqual({ kind: 'all' });
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('a%_b')).toBe('%a\\%\\_b%');
  });
});
