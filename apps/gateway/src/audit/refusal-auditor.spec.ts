import { jest } from '@jest/globals';
import { ServiceClient } from '#messaging';
import type { FailedAuthAudit } from '../limits/failed-auth-audit.js';
import { RefusalAuditor, refusalAction } from './refusal-auditor.js';

describe(RefusalAuditor.name, () => {
  const setUp = (result: Promise<unknown>) => {
    const request = jest.fn(() => result);
    const auditor = new RefusalAuditor({ request } as unknown as ServiceClient);
    return { auditor, request };
  };

  it('records a 403 with the actor ids and the route template, never the username', () => {
    const { auditor, request } = setUp(Promise.resolve({ id: 'x', seq: '1' }));
    auditor.record(
      {
        method: 'GET',
        route: { path: '/api/v1/audit' },
        actor: {
          userId: 'u-1',
          username: 'advisor',
          organisationId: 'o-1',
          role: 'advisor',
          realmRoles: ['advisor'],
        },
      } as never,
      'AUTH.FORBIDDEN',
      403,
      'corr-1',
    );
    expect(request).toHaveBeenCalledWith(
      'audit.entry.record',
      {
        action: 'request.refused',
        outcome: 'refused',
        targetType: 'route',
        targetId: 'GET /api/v1/audit',
        organisationId: 'o-1',
        sourceService: 'gateway',
        detail: { code: 'AUTH.FORBIDDEN', status: 403, method: 'GET', route: '/api/v1/audit' },
      },
      {
        actor: {
          userId: 'u-1',
          username: null,
          organisationId: 'o-1',
          role: 'advisor',
          realmRoles: ['advisor'],
        },
        correlationId: 'corr-1',
      },
      1000,
    );
  });

  it('records a failed authentication without an actor, and swallows a failure of the audit service', async () => {
    const { auditor, request } = setUp(Promise.reject(new Error('no responders')));
    expect(() =>
      auditor.record({ method: 'POST' } as never, 'AUTH.TOKEN_EXPIRED', 401, 'corr-2'),
    ).not.toThrow();
    expect(request).toHaveBeenCalledWith(
      'audit.entry.record',
      expect.objectContaining({ action: 'auth.failed', targetId: 'POST (unmatched)', organisationId: null }),
      { actor: null, correlationId: 'corr-2' },
      1000,
    );
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('hands failed authentications to the per-address tally instead of one entry each', () => {
    const request = jest.fn(() => Promise.resolve({ id: 'x', seq: '1' }));
    const add = jest.fn();
    const auditor = new RefusalAuditor(
      { request } as unknown as ServiceClient,
      { add } as unknown as FailedAuthAudit,
    );
    auditor.record({ method: 'GET', ip: '203.0.113.5' } as never, 'AUTH.TOKEN_MISSING', 401, 'corr-3');
    expect(add).toHaveBeenCalledWith('203.0.113.5', 'AUTH.TOKEN_MISSING', 'corr-3');
    expect(request).not.toHaveBeenCalled();
    auditor.record({ method: 'GET' } as never, 'AUTH.FORBIDDEN', 403, 'corr-4');
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('leaves bad input, unknown routes and outages out', () => {
    expect(refusalAction('VALIDATION.FAILED')).toBeNull();
    expect(refusalAction('ROUTE.NOT_FOUND')).toBeNull();
    expect(refusalAction('SERVICE.UNAVAILABLE')).toBeNull();
    expect(refusalAction('RESOURCE.NOT_FOUND')).toBe('request.refused');
    expect(refusalAction('AUTH.CSRF')).toBe('request.refused');
  });
});
