import { createEventEnvelope } from '#messaging';
import type { Actor, EventDataOf } from '#contracts';
import { consentEndKey, planRecipients, ROUTED_EVENTS } from './recipient-plan.js';

const S = 'aaaaaaaa-0000-4000-8000-000000000001';
const R = 'aaaaaaaa-0000-4000-8000-000000000002';
const SENDER = 'bbbbbbbb-0000-4000-8000-000000000001';
const STAFF = 'bbbbbbbb-0000-4000-8000-000000000002';
const parties = {
  referralId: 'cccccccc-0000-4000-8000-000000000001',
  sendingOrganisationId: S,
  receivingOrganisationId: R,
  senderUserId: SENDER,
  assigneeUserId: null,
};
const actor = (userId: string, organisationId: string): Actor => ({
  userId,
  username: null,
  organisationId,
  role: null,
  realmRoles: [],
});
const statusChange = (by: Actor | null): EventDataOf<'events.referrals.referral.status_changed'> => ({
  ...parties,
  from: 'received',
  to: 'accepted',
  reasonCode: null,
  outcomeCode: null,
  actorUserId: by?.userId ?? null,
});

describe('planRecipients', () => {
  it('sends a new referral to the receiving organisation’s members and intake address, not the sender', () => {
    const plan = planRecipients(
      createEventEnvelope(
        'events.referrals.referral.sent',
        { ...parties, need: 'housing', urgency: 'soon', serviceId: null },
        { actor: actor(SENDER, S), correlationId: 'c' },
      ),
    );
    expect(plan).toMatchObject({
      kind: 'referral.sent',
      organisationMembers: [R],
      intakeOf: [R],
      users: [],
      excludeUserId: SENDER,
    });
  });

  it('tells the sender of the receiver’s status change, and the receiver of the sender’s', () => {
    const byReceiver = actor(STAFF, R);
    expect(
      planRecipients(
        createEventEnvelope('events.referrals.referral.status_changed', statusChange(byReceiver), {
          actor: byReceiver,
          correlationId: 'c',
        }),
      ),
    ).toMatchObject({
      users: [{ userId: SENDER, organisationId: S }],
      organisationMembers: [],
      excludeUserId: STAFF,
      detail: { from: 'received', to: 'accepted', reasonCode: null, outcomeCode: null },
    });
    const bySender = actor(SENDER, S);
    expect(
      planRecipients(
        createEventEnvelope('events.referrals.referral.status_changed', statusChange(bySender), {
          actor: bySender,
          correlationId: 'c',
        }),
      ),
    ).toMatchObject({
      users: [],
      organisationMembers: [R],
    });
  });

  it('tells both sides of a change the system made (consent withdrawn, expired)', () => {
    expect(
      planRecipients(
        createEventEnvelope('events.referrals.referral.status_changed', statusChange(null), {
          actor: null,
          correlationId: 'c',
        }),
      ),
    ).toMatchObject({
      users: [{ userId: SENDER, organisationId: S }],
      organisationMembers: [R],
      excludeUserId: null,
    });
  });

  it('sends a message to the other side only', () => {
    const fromReceiver = planRecipients(
      createEventEnvelope(
        'events.referrals.message.posted',
        { ...parties, messageId: 'm', authorUserId: STAFF, authorOrganisationId: R },
        { actor: null, correlationId: 'c' },
      ),
    );
    expect(fromReceiver).toMatchObject({
      users: [{ userId: SENDER }],
      organisationMembers: [],
      excludeUserId: STAFF,
    });
  });

  it('tells the assignee of an assignment, and nobody when it was cleared', () => {
    expect(
      planRecipients(
        createEventEnvelope(
          'events.referrals.referral.assigned',
          { ...parties, assigneeUserId: STAFF },
          { actor: null, correlationId: 'c' },
        ),
      ),
    ).toMatchObject({
      users: [{ userId: STAFF, organisationId: R }],
    });
    expect(
      planRecipients(
        createEventEnvelope('events.referrals.referral.assigned', parties, {
          actor: null,
          correlationId: 'c',
        }),
      ),
    ).toBeNull();
  });

  it('reaches an invited person through the invitation, by e-mail only', () => {
    const plan = planRecipients(
      createEventEnvelope(
        'events.partners.invitation.created',
        { invitationId: 'i', organisationId: R, role: 'partner_staff', expiresAt: 'x' },
        { actor: null, correlationId: 'c' },
      ),
    );
    expect(plan).toMatchObject({
      kind: 'invitation.created',
      invitation: { organisationId: R, invitationId: 'i' },
      organisationMembers: [],
      organisationAdmins: [R],
      users: [],
    });
  });

  it.each([
    ['events.partners.membership.created', 'created'],
    ['events.partners.membership.updated', 'role_changed'],
    ['events.partners.membership.deactivated', 'deactivated'],
  ] as const)(
    'tells the organisation’s administrators of %s, not whoever made the change',
    (type, change) => {
      const plan = planRecipients(
        createEventEnvelope(
          type,
          { membershipId: 'm', organisationId: R, userId: STAFF, role: 'advisor' },
          { actor: actor(SENDER, S), correlationId: 'c' },
        ),
      );
      expect(plan).toMatchObject({
        kind: 'membership.changed',
        detail: { change, role: 'advisor', membershipId: 'm' },
        organisationAdmins: [R],
        organisationMembers: [],
        excludeUserId: SENDER,
      });
    },
  );

  it('notifies nobody of the withdrawn consent itself: its referrals carry the news, once each', () => {
    const consent = {
      consentId: 'k',
      consentVersion: 1,
      clientId: 'x',
      organisationId: S,
      recipientOrganisationIds: [R],
      categories: [],
      purposes: [],
    };
    expect(
      planRecipients(
        createEventEnvelope(
          'events.clients.consent.withdrawn',
          { ...consent, reason: 'withdrawn' },
          { actor: actor(SENDER, S), correlationId: 'c' },
        ),
      ),
    ).toBeNull();
    // An expiry: the client's own organisation only; partners hear of it per referral.
    expect(
      planRecipients(
        createEventEnvelope('events.clients.consent.expired', consent, { actor: null, correlationId: 'c' }),
      ),
    ).toMatchObject({ kind: 'consent.expired', organisationMembers: [S] });

    const cancelled = planRecipients(
      createEventEnvelope(
        'events.referrals.referral.status_changed',
        { ...statusChange(null), to: 'cancelled', reasonCode: 'consent_withdrawn' },
        { actor: null, correlationId: 'c' },
      ),
    );
    const redacted = planRecipients(
      createEventEnvelope(
        'events.referrals.referral.redacted',
        { ...parties, reasonCode: 'consent_withdrawn' },
        { actor: null, correlationId: 'c' },
      ),
    );
    expect(cancelled?.dedupeKey).toBe(consentEndKey(parties.referralId));
    expect(redacted?.dedupeKey).toBe(consentEndKey(parties.referralId));
    // Any other cancellation or redaction is news of its own.
    expect(
      planRecipients(
        createEventEnvelope(
          'events.referrals.referral.status_changed',
          { ...statusChange(actor(SENDER, S)), to: 'cancelled', reasonCode: 'consent_withdrawn' },
          { actor: actor(SENDER, S), correlationId: 'c' },
        ),
      )?.dedupeKey,
    ).toBeNull();
    expect(
      planRecipients(
        createEventEnvelope(
          'events.referrals.referral.redacted',
          { ...parties, reasonCode: 'retention' },
          { actor: null, correlationId: 'c' },
        ),
      )?.dedupeKey,
    ).toBeNull();
  });

  it('tells the advisor who recorded a consent that it ends soon', () => {
    const plan = planRecipients(
      createEventEnvelope(
        'events.clients.consent.expiring',
        {
          consentId: 'k',
          clientId: 'x',
          organisationId: S,
          validUntil: '2030-01-01T00:00:00.000Z',
          recordedByUserId: SENDER,
        },
        { actor: null, correlationId: 'c' },
      ),
    );
    expect(plan).toMatchObject({
      kind: 'consent.expiring',
      users: [{ userId: SENDER, organisationId: S }],
      organisationMembers: [],
      referralId: null,
      detail: { validUntil: '2030-01-01T00:00:00.000Z' },
    });
  });

  it('has a durable-friendly name for every routed event', () => {
    expect(new Set(ROUTED_EVENTS).size).toBe(ROUTED_EVENTS.length);
  });
});
