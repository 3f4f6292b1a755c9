import { isPlatformAdmin, isSystemActor, requireActor, type ActorPolicy } from './actor-policy.js';
import { SYSTEM_ACTOR, type Actor } from './envelope.js';
import { AppError } from './errors.js';

const user: Actor = {
  userId: '6f1c1b7e-58a4-4c0c-9d59-3d1f0f0b0001',
  username: null,
  organisationId: '6f1c1b7e-58a4-4c0c-9d59-3d1f0f0b0002',
  role: 'advisor',
  realmRoles: [],
};

function outcome(actor: Actor | null, policy: ActorPolicy): string {
  try {
    return requireActor(actor, policy) === actor ? 'allowed' : 'other actor';
  } catch (error) {
    return error instanceof AppError ? error.code : 'unexpected error';
  }
}

describe('the actor policy', () => {
  it.each<[string, Actor | null, ActorPolicy, string]>([
    ['no actor, user subject', null, 'user', 'AUTH.FORBIDDEN'],
    ['no actor, subject open to the system', null, 'user_or_system', 'AUTH.FORBIDDEN'],
    ['no actor, system subject', null, 'system', 'AUTH.FORBIDDEN'],
    ['the system, user subject', SYSTEM_ACTOR, 'user', 'AUTH.FORBIDDEN'],
    ['the system, subject open to the system', SYSTEM_ACTOR, 'user_or_system', 'allowed'],
    ['the system, system subject', SYSTEM_ACTOR, 'system', 'allowed'],
    ['a user, user subject', user, 'user', 'allowed'],
    ['a user, subject open to the system', user, 'user_or_system', 'allowed'],
    ['a user, system subject', user, 'system', 'AUTH.FORBIDDEN'],
  ])('%s: %s', (_case, actor, policy, expected) => {
    expect(outcome(actor, policy)).toBe(expected);
  });

  it('never reads a missing actor as the system (the default policy is a user)', () => {
    expect(outcome(null, 'user')).toBe('AUTH.FORBIDDEN');
    expect(() => requireActor(null)).toThrow(AppError);
    expect(isSystemActor(null)).toBe(false);
  });

  it('counts a platform admin by the role acted in or the realm role of the token, nobody else', () => {
    expect(isPlatformAdmin({ ...user, role: 'platform_admin' })).toBe(true);
    expect(isPlatformAdmin({ ...user, role: null, realmRoles: ['platform_admin'] })).toBe(true);
    expect(isPlatformAdmin({ ...user, role: 'org_admin', realmRoles: ['advisor'] })).toBe(false);
    expect(isPlatformAdmin(SYSTEM_ACTOR)).toBe(false);
    expect(isPlatformAdmin(null)).toBe(false);
  });
});
