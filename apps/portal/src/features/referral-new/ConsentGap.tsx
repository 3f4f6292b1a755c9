// What a 422 CONSENT.NOT_COVERED means in words: which organisation or which categories the
// client's consent does not cover, and the way to record the consent that would.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { DATA_CATEGORIES, type DataCategory } from '../../api/types';
import { AppLink } from '../../ui/AppLink';
import { useFocusWhenShown } from '../../ui/focus-when-shown';

export interface ConsentGapDetails {
  /** ORGANISATION_NOT_COVERED, CATEGORIES_NOT_COVERED or PURPOSE_NOT_COVERED. */
  reason: string;
  missingOrganisationId?: string;
  missingCategories: DataCategory[];
}

/** The gap named by a refusal, or null when the error is something else. */
export function consentGapOf(error: unknown): ConsentGapDetails | null {
  if (!(error instanceof ApiError) || error.code !== 'CONSENT.NOT_COVERED') {
    return null;
  }
  const details = (
    typeof error.details === 'object' && error.details !== null ? error.details : {}
  ) as Record<string, unknown>;
  const missing = Array.isArray(details.missingCategories) ? details.missingCategories : [];
  return {
    reason: typeof details.reason === 'string' ? details.reason : 'ORGANISATION_NOT_COVERED',
    missingOrganisationId:
      typeof details.missingOrganisationId === 'string' ? details.missingOrganisationId : undefined,
    missingCategories: missing.filter((entry): entry is DataCategory =>
      (DATA_CATEGORIES as readonly string[]).includes(entry as string),
    ),
  };
}

export function ConsentGap({
  gap,
  clientId,
  organisationId,
  organisationName,
  categories,
}: {
  gap: ConsentGapDetails;
  clientId: string;
  /** The receiving organisation of the referral. */
  organisationId: string;
  organisationName: string;
  /** The categories the referral shares (the new consent should cover them all). */
  categories: DataCategory[];
}) {
  const { t } = useTranslation();
  const headingRef = useFocusWhenShown<HTMLHeadingElement>(true);
  const missingOrganisation =
    gap.missingOrganisationId ?? (gap.reason === 'CATEGORIES_NOT_COVERED' ? null : organisationId);
  const list = (codes: DataCategory[]) => codes.map((code) => t(`category.${code}`)).join(', ');
  return (
    <div className="alert-box" role="alert" data-consent-gap="">
      <h2 ref={headingRef} tabIndex={-1}>
        {t('consentGap.title')}
      </h2>
      {missingOrganisation !== null && (
        <p data-missing-organisation={missingOrganisation}>
          {t('consentGap.organisation', { organisation: organisationName })}
        </p>
      )}
      {gap.missingCategories.length > 0 && (
        <p data-missing-categories={gap.missingCategories.join(',')}>
          {t('consentGap.categories', {
            organisation: organisationName,
            categories: list(gap.missingCategories),
          })}
        </p>
      )}
      {gap.reason === 'PURPOSE_NOT_COVERED' && <p>{t('consentGap.purpose')}</p>}
      <p>{t('consentGap.help')}</p>
      <RecordConsentLink clientId={clientId} organisationId={organisationId} categories={categories} />
    </div>
  );
}

/**
 * The consent wizard for the client, preselected with the referral's organisation and categories.
 * It opens in a new tab because the referral being written lives only in this tab's memory (the
 * portal keeps no client data in the browser): once the consent is recorded there, the user sends
 * from here again.
 */
export function RecordConsentLink({
  clientId,
  organisationId,
  categories,
}: {
  clientId: string;
  organisationId: string;
  categories: DataCategory[];
}) {
  const { t } = useTranslation();
  return (
    <AppLink
      to="/clients/$clientId/consents/new"
      params={{ clientId }}
      search={{ organisationId, categories: categories.join(',') }}
      target="_blank"
      rel="noopener"
    >
      {t('consentGap.record')} {t('consentGap.newTab')}
    </AppLink>
  );
}
