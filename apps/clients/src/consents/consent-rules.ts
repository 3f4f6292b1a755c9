import type { ConsentCheckReply, ConsentCheckRequest, ConsentPurpose, DataCategory } from '#contracts';

/** What the rules need of a consent. */
export interface ConsentTerms {
  id: string;
  version: number;
  status: string;
  recipientOrganisationIds: string[];
  categories: DataCategory[];
  purposes: ConsentPurpose[];
  givenAt: Date;
  validUntil: Date | null;
}

export function isInForce(consent: ConsentTerms, now: Date): boolean {
  return (
    consent.status === 'active' && consent.validUntil !== null && consent.validUntil.getTime() > now.getTime()
  );
}

/**
 * May the organisation receive these categories for this purpose now? One consent must cover the
 * whole disclosure (the referral keeps its id). Categories are never implied: `health` only goes
 * with a consent that names it. A refusal names exactly what is missing.
 */
export function checkConsent(
  consents: ConsentTerms[],
  request: Pick<ConsentCheckRequest, 'organisationId' | 'categories' | 'purpose'>,
  now: Date,
): ConsentCheckReply {
  const inForce = consents.filter((consent) => isInForce(consent, now));
  if (inForce.length === 0) {
    return { allowed: false, reason: 'NO_ACTIVE_CONSENT', missingOrganisationId: request.organisationId };
  }
  const forOrganisation = inForce.filter((consent) =>
    consent.recipientOrganisationIds.includes(request.organisationId),
  );
  if (forOrganisation.length === 0) {
    return {
      allowed: false,
      reason: 'ORGANISATION_NOT_COVERED',
      missingOrganisationId: request.organisationId,
    };
  }
  const forPurpose = forOrganisation.filter((consent) => consent.purposes.includes(request.purpose));
  if (forPurpose.length === 0) {
    return { allowed: false, reason: 'PURPOSE_NOT_COVERED', missingPurpose: request.purpose };
  }
  const missingOf = (consent: ConsentTerms) =>
    request.categories.filter((category) => !consent.categories.includes(category));
  // The newest consent that covers everything; otherwise the one that misses least.
  const ranked = [...forPurpose].sort(
    (a, b) => missingOf(a).length - missingOf(b).length || b.givenAt.getTime() - a.givenAt.getTime(),
  );
  const best = ranked[0];
  const missing = missingOf(best);
  if (missing.length > 0) {
    return { allowed: false, reason: 'CATEGORIES_NOT_COVERED', missingCategories: missing };
  }
  return { allowed: true, consentId: best.id, consentVersion: best.version };
}
