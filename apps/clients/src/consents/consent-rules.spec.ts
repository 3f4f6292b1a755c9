import { checkConsent, type ConsentTerms } from './consent-rules.js';

const KELA = '00000000-0000-4000-8000-000000000001';
const EMPLOYMENT = '00000000-0000-4000-8000-000000000002';
const REDCROSS = '00000000-0000-4000-8000-000000000003';
const now = new Date('2026-05-01T12:00:00Z');

function consent(overrides: Partial<ConsentTerms> = {}): ConsentTerms {
  return {
    id: 'c1',
    version: 1,
    status: 'active',
    recipientOrganisationIds: [KELA, EMPLOYMENT],
    categories: ['identity', 'contact', 'needs'],
    purposes: ['referral'],
    givenAt: new Date('2026-04-01T00:00:00Z'),
    validUntil: new Date('2027-04-01T00:00:00Z'),
    ...overrides,
  };
}

describe(checkConsent.name, () => {
  it('allows a covered organisation, categories and purpose, with the consent id and version', () => {
    expect(
      checkConsent(
        [consent()],
        { organisationId: KELA, categories: ['identity', 'needs'], purpose: 'referral' },
        now,
      ),
    ).toEqual({
      allowed: true,
      consentId: 'c1',
      consentVersion: 1,
    });
  });

  it('names the organisation that no consent covers', () => {
    expect(
      checkConsent(
        [consent()],
        { organisationId: REDCROSS, categories: ['identity'], purpose: 'referral' },
        now,
      ),
    ).toEqual({
      allowed: false,
      reason: 'ORGANISATION_NOT_COVERED',
      missingOrganisationId: REDCROSS,
    });
  });

  it('names exactly the missing categories; health needs a consent that names it', () => {
    expect(
      checkConsent(
        [consent()],
        { organisationId: KELA, categories: ['identity', 'health', 'background'], purpose: 'referral' },
        now,
      ),
    ).toEqual({
      allowed: false,
      reason: 'CATEGORIES_NOT_COVERED',
      missingCategories: ['health', 'background'],
    });
  });

  it('refuses another purpose', () => {
    expect(
      checkConsent(
        [consent()],
        { organisationId: KELA, categories: ['identity'], purpose: 'statistics' },
        now,
      ),
    ).toMatchObject({
      allowed: false,
      reason: 'PURPOSE_NOT_COVERED',
      missingPurpose: 'statistics',
    });
  });

  it('refuses after withdrawal, and after the end of validity even before the expiry job ran', () => {
    const request = { organisationId: KELA, categories: ['identity' as const], purpose: 'referral' as const };
    expect(checkConsent([consent({ status: 'withdrawn' })], request, now)).toMatchObject({
      allowed: false,
      reason: 'NO_ACTIVE_CONSENT',
    });
    expect(
      checkConsent([consent({ validUntil: new Date('2026-05-01T11:59:59Z') })], request, now),
    ).toMatchObject({
      allowed: false,
      reason: 'NO_ACTIVE_CONSENT',
    });
    expect(
      checkConsent(
        [consent({ status: 'expired' }), consent({ status: 'superseded' }), consent({ status: 'refused' })],
        request,
        now,
      ),
    ).toMatchObject({ allowed: false });
  });

  it('uses one consent for the whole disclosure, the newest that covers it', () => {
    const older = consent({ id: 'old', categories: ['identity'], givenAt: new Date('2026-01-01T00:00:00Z') });
    const newer = consent({
      id: 'new',
      version: 2,
      categories: ['identity', 'health'],
      givenAt: new Date('2026-04-15T00:00:00Z'),
    });
    const other = consent({ id: 'contact-only', categories: ['contact'] });
    expect(
      checkConsent(
        [older, newer, other],
        { organisationId: KELA, categories: ['identity'], purpose: 'referral' },
        now,
      ),
    ).toEqual({
      allowed: true,
      consentId: 'new',
      consentVersion: 2,
    });
    // identity from one consent and contact from another is not one consent.
    expect(
      checkConsent(
        [older, other],
        { organisationId: KELA, categories: ['identity', 'contact'], purpose: 'referral' },
        now,
      ),
    ).toMatchObject({ allowed: false, reason: 'CATEGORIES_NOT_COVERED' });
  });
});
