import type { Actor, Role } from '#contracts';
import { checkVersion, partyOf, requireAdvisor, requireBoxOwner } from './referral-access.js';
import type { ReferralEntity } from './referral.entity.js';

const SENDER = 'org-sender';
const RECEIVER = 'org-receiver';

const actor = (organisationId: string | null, role: Role | null, realmRoles: Role[] = []): Actor => ({
  userId: 'user-1',
  username: 'user',
  organisationId,
  role,
  realmRoles,
});

const referral = (overrides: Partial<ReferralEntity> = {}) =>
  ({
    sendingOrganisationId: SENDER,
    receivingOrganisationId: RECEIVER,
    kind: 'platform',
    sentAt: new Date(),
    ...overrides,
  }) as ReferralEntity;

describe(partyOf.name, () => {
  it.each<[string, Actor, ReturnType<typeof partyOf>]>([
    ['an advisor of the sending organisation', actor(SENDER, 'advisor'), 'sender'],
    ['partner staff of the receiving organisation', actor(RECEIVER, 'partner_staff'), 'receiver'],
    ['an advisor of the receiving organisation (two-way network)', actor(RECEIVER, 'advisor'), 'receiver'],
    ['the receiving organisation’s org_admin', actor(RECEIVER, 'org_admin'), null],
    ['the sending organisation’s org_admin', actor(SENDER, 'org_admin'), null],
    ['partner staff of the sending organisation', actor(SENDER, 'partner_staff'), null],
    ['an advisor of a third organisation', actor('org-other', 'advisor'), null],
    ['someone without an organisation', actor(null, null), null],
    ['a platform administrator', actor(null, null, ['platform_admin']), 'admin'],
  ])('makes %s the %s', (_who, who, party) => {
    expect(partyOf(who, referral())).toBe(party);
  });

  it('never makes the receiving organisation a party of a draft or of a logged referral', () => {
    const staff = actor(RECEIVER, 'partner_staff');
    expect(partyOf(staff, referral({ sentAt: null }))).toBeNull();
    expect(partyOf(staff, referral({ kind: 'logged' }))).toBeNull();
  });
});

describe(requireAdvisor.name, () => {
  it('gives an advisor’s organisation and refuses every other role with 403', () => {
    expect(requireAdvisor(actor(SENDER, 'advisor'))).toBe(SENDER);
    for (const role of ['partner_staff', 'org_admin', 'platform_admin'] as Role[]) {
      expect(() => requireAdvisor(actor(SENDER, role))).toThrow(
        expect.objectContaining({ code: 'AUTH.FORBIDDEN' }),
      );
    }
    expect(() => requireAdvisor(actor(null, 'advisor'))).toThrow(
      expect.objectContaining({ code: 'AUTH.FORBIDDEN' }),
    );
  });
});

describe(requireBoxOwner.name, () => {
  it('opens the outgoing box to advisors and the incoming box to partner staff and advisors', () => {
    expect(requireBoxOwner(actor(SENDER, 'advisor'), 'outgoing')).toBe(SENDER);
    expect(requireBoxOwner(actor(RECEIVER, 'partner_staff'), 'incoming')).toBe(RECEIVER);
    expect(requireBoxOwner(actor(RECEIVER, 'advisor'), 'incoming')).toBe(RECEIVER);
  });

  it('refuses org_admins, partner staff’s outgoing box and callers without an organisation', () => {
    const refused = expect.objectContaining({ code: 'AUTH.FORBIDDEN' });
    expect(() => requireBoxOwner(actor(RECEIVER, 'org_admin'), 'incoming')).toThrow(refused);
    expect(() => requireBoxOwner(actor(RECEIVER, 'partner_staff'), 'outgoing')).toThrow(refused);
    expect(() => requireBoxOwner(actor(null, 'advisor'), 'outgoing')).toThrow(refused);
  });
});

describe(checkVersion.name, () => {
  it('passes the current version or none, and answers 412 with both versions otherwise', () => {
    expect(() => checkVersion({ version: 3 }, 3)).not.toThrow();
    expect(() => checkVersion({ version: 3 }, undefined)).not.toThrow();
    expect(() => checkVersion({ version: 3 }, 2)).toThrow(
      expect.objectContaining({
        code: 'RESOURCE.PRECONDITION_FAILED',
        details: { currentVersion: 3, expectedVersion: 2 },
      }),
    );
  });
});
