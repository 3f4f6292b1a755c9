import { ERROR_CODES } from '#contracts';
import { httpStatusOf } from './http-status.js';

describe(httpStatusOf.name, () => {
  it('maps every error code to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) {
      const status = httpStatusOf(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it.each([
    ['VALIDATION.FAILED', 400],
    ['AUTH.TOKEN_EXPIRED', 401],
    ['AUTH.FORBIDDEN', 403],
    ['AUTH.CSRF', 403],
    ['RESOURCE.NOT_FOUND', 404],
    ['RESOURCE.CONFLICT', 409],
    ['RESOURCE.PRECONDITION_FAILED', 412],
    ['RULE.VIOLATED', 422],
    ['RATE.LIMITED', 429],
    ['SERVICE.UNAVAILABLE', 503],
  ] as const)('maps %s to %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('only answers 500 for an internal error', () => {
    const internal = ERROR_CODES.filter((code) => httpStatusOf(code) === 500);
    expect(internal).toEqual(['INTERNAL.ERROR']);
  });
});
