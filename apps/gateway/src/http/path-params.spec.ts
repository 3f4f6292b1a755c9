import { AppError } from '#contracts';
import { requiredVersionFromIfMatch, UuidParamPipe, versionFromIfMatch } from './path-params.js';

const fieldOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION.FAILED');
    return ((error as AppError).details as { field: string }[])[0].field;
  }
  throw new Error('not refused');
};

describe(versionFromIfMatch.name, () => {
  it('reads "3", W/"3" and 3; undefined without the header', () => {
    expect(versionFromIfMatch('"3"')).toBe(3);
    expect(versionFromIfMatch('W/"3"')).toBe(3);
    expect(versionFromIfMatch(' 3 ')).toBe(3);
    expect(versionFromIfMatch(undefined)).toBeUndefined();
  });

  it('refuses anything else naming If-Match', () => {
    for (const header of ['yesterday', '*', '"1", "2"', '"-1"', '']) {
      expect(fieldOf(() => versionFromIfMatch(header))).toBe('If-Match');
    }
  });
});

describe(requiredVersionFromIfMatch.name, () => {
  it('reads the version, and refuses a missing header with RESOURCE.PRECONDITION_REQUIRED', () => {
    expect(requiredVersionFromIfMatch('"4"')).toBe(4);
    expect(() => requiredVersionFromIfMatch(undefined)).toThrow(
      expect.objectContaining({ code: 'RESOURCE.PRECONDITION_REQUIRED' }) as Error,
    );
  });
});

describe(UuidParamPipe.name, () => {
  const pipe = new UuidParamPipe();

  it('passes a UUID on in lower case', () => {
    expect(pipe.transform('0A8F3C2E-1B2D-4E5F-8A9B-0C1D2E3F4A5B', { type: 'param', data: 'id' })).toBe(
      '0a8f3c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b',
    );
  });

  it('refuses anything else naming the parameter', () => {
    expect(fieldOf(() => pipe.transform('not-a-uuid', { type: 'param', data: 'memberId' }))).toBe('memberId');
  });
});
