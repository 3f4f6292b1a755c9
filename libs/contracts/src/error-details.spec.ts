import { AppError } from './errors.js';

describe('error details typed per code', () => {
  it('keeps the declared details of a code through the wire form', () => {
    const stale = new AppError('RESOURCE.PRECONDITION_FAILED', 'changed', {
      currentVersion: 4,
      expectedVersion: 3,
    });
    const received = AppError.fromBody(JSON.parse(JSON.stringify(stale.toBody())));
    expect(received?.code).toBe('RESOURCE.PRECONDITION_FAILED');
    expect(received?.details).toEqual({ currentVersion: 4, expectedVersion: 3 });
  });

  it('refuses at compile time another shape for a code that declares one (checked by tsc)', () => {
    const make = () => [
      // @ts-expect-error: the 412 details are { currentVersion, expectedVersion }, never { version }.
      new AppError('RESOURCE.PRECONDITION_FAILED', 'changed', { version: 4 }),
      // @ts-expect-error: VALIDATION.FAILED details are a list of { field, reasons }.
      new AppError('VALIDATION.FAILED', 'invalid', { field: 'name' }),
      // A code without a declared shape takes any details.
      new AppError('RULE.VIOLATED', 'no', { field: 'assigneeId', reason: 'not_a_member' }),
    ];
    expect(make()).toHaveLength(3);
  });
});
