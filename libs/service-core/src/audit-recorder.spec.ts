import type { Actor } from '#contracts';
import { auditEntryData, refusalEntryData } from './audit-recorder.js';

const actor: Actor = {
  userId: '6f1c1b7e-58a4-4c0c-9d59-3d1f0f0b0001',
  username: null,
  organisationId: '6f1c1b7e-58a4-4c0c-9d59-3d1f0f0b0002',
  role: 'partner_staff',
  realmRoles: [],
};
const context = { actor, correlationId: 'corr-1' };

describe('audit entries', () => {
  it('records a granted action on behalf of the actor’s organisation unless told otherwise', () => {
    expect(
      auditEntryData(context, { action: 'referral.sent', targetType: 'referral', targetId: 'r1' }),
    ).toEqual({
      action: 'referral.sent',
      outcome: 'granted',
      targetType: 'referral',
      targetId: 'r1',
      organisationId: actor.organisationId,
    });
    expect(
      auditEntryData(
        { actor: null, correlationId: 'c' },
        { action: 'membership.created', targetType: 'membership', targetId: 'm1' },
      ).organisationId,
    ).toBeNull();
  });

  it('records a refusal as refused, with the action that was refused and the code', () => {
    expect(
      refusalEntryData(context, {
        action: 'referral.transition',
        targetType: 'referral',
        targetId: 'r1',
        code: 'RESOURCE.NOT_FOUND',
        detail: { to: 'accepted' },
      }),
    ).toEqual({
      action: 'referral.transition',
      outcome: 'refused',
      targetType: 'referral',
      targetId: 'r1',
      organisationId: actor.organisationId,
      detail: { to: 'accepted', code: 'RESOURCE.NOT_FOUND' },
    });
  });

  it('never lets the extra detail hide the code', () => {
    const entry = refusalEntryData(context, {
      action: 'referral.assign',
      targetType: 'referral',
      targetId: 'r1',
      code: 'AUTH.FORBIDDEN',
      detail: { code: 'something else' },
    });
    expect(entry.detail).toEqual({ code: 'AUTH.FORBIDDEN' });
  });
});
