import { formatSse, isVisibleTo, mayBeVisible } from './stream-visibility.js';

const S = 'aaaaaaaa-0000-4000-8000-000000000001';
const R = 'aaaaaaaa-0000-4000-8000-000000000002';
const OTHER = 'aaaaaaaa-0000-4000-8000-000000000003';
const referral = {
  type: 'events.referrals.referral.sent',
  data: { sendingOrganisationId: S, receivingOrganisationId: R },
};

describe('isVisibleTo', () => {
  it('shows a referral’s events to the sending and the receiving organisation only', () => {
    expect(isVisibleTo({ userId: 'u', organisationId: S }, referral)).toBe(true);
    expect(isVisibleTo({ userId: 'u', organisationId: R }, referral)).toBe(true);
    expect(isVisibleTo({ userId: 'u', organisationId: OTHER }, referral)).toBe(false);
    expect(isVisibleTo({ userId: 'u', organisationId: null }, referral)).toBe(false);
  });

  it('shows a draft (no receiver) to the sending organisation only', () => {
    const draft = { type: 'events.referrals.referral.drafted', data: { sendingOrganisationId: S } };
    expect(isVisibleTo({ userId: 'u', organisationId: S }, draft)).toBe(true);
    expect(isVisibleTo({ userId: 'u', organisationId: R }, draft)).toBe(false);
  });

  it('shows a notification to its user only, and nothing of other services', () => {
    const created = { type: 'events.notifications.notification.created', data: { userId: 'me' } };
    expect(isVisibleTo({ userId: 'me', organisationId: null }, created)).toBe(true);
    expect(isVisibleTo({ userId: 'you', organisationId: S }, created)).toBe(false);
    expect(
      isVisibleTo(
        { userId: 'me', organisationId: S },
        { type: 'events.audit.entry.recorded', data: { organisationId: S } },
      ),
    ).toBe(false);
  });
});

describe('mayBeVisible', () => {
  it('passes every type a viewer may be shown, and not the audit entries or other services’ events', () => {
    const shown = [
      'events.referrals.referral.sent',
      'events.referrals.referral.drafted',
      'events.notifications.notification.created',
    ];
    const never = [
      'events.audit.entry.recorded',
      'events.clients.consent.expired',
      'events.partners.organisation.updated',
      'events.notifications.email.failed',
    ];
    for (const type of shown) {
      expect(mayBeVisible(type)).toBe(true);
    }
    for (const type of never) {
      expect(mayBeVisible(type)).toBe(false);
      // What the filter drops, isVisibleTo would refuse anyway, whoever the viewer.
      expect(
        isVisibleTo({ userId: 'me', organisationId: S }, { type, data: { userId: 'me', organisationId: S } }),
      ).toBe(false);
    }
  });
});

describe('formatSse', () => {
  it('frames an event with its stream sequence as id and its type as name, without the actor', () => {
    expect(
      formatSse({
        seq: 42,
        type: 'events.referrals.referral.sent',
        eventId: 'e',
        occurredAt: 't',
        data: { referralId: 'r' },
      }),
    ).toBe(
      'id: 42\nevent: referrals.referral.sent\ndata: {"type":"events.referrals.referral.sent","eventId":"e","occurredAt":"t","data":{"referralId":"r"}}\n\n',
    );
  });
});
