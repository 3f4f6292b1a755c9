// What the client consented to share with the receiving organisation, by data category. Once the
// consent is withdrawn or expires (or the client is erased) the data is gone and a banner says so.
import { useTranslation } from 'react-i18next';
import { DATA_CATEGORIES, SPECIAL_CATEGORIES, type DataCategory } from '../../api/types';
import { useFormat } from '../../i18n/format';
import type { ReferralDetail } from './queries';

type Value = unknown;

const str = (v: Value): string => {
  if (typeof v === 'string') {
    return v;
  }
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
};

function Field({ name, value }: { name: string; value: Value }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = (v: Value): string => {
    if (v === null || v === undefined || v === '') {
      return '–';
    }
    if (typeof v === 'boolean') {
      return v ? t('common.yes') : t('common.no');
    }
    if (name === 'languages' && Array.isArray(v)) {
      return v.map((code) => format.languageName(str(code))).join(', ') || '–';
    }
    if (name === 'preferredLanguage') {
      return format.languageName(str(v));
    }
    if (name === 'dateOfBirth') {
      return format.date(str(v));
    }
    if (name === 'residenceStatus') {
      return t(`receiver.residenceStatus.${str(v)}`, { defaultValue: str(v) });
    }
    return str(v);
  };
  if (name === 'needs' && Array.isArray(value)) {
    return (
      <>
        <dt>{t('receiver.field.needs')}</dt>
        <dd>
          {value.length === 0 ? (
            '–'
          ) : (
            <ul>
              {(value as { category: string; description: string | null }[]).map((need, index) => (
                <li key={`${need.category}-${index}`}>
                  <strong>{t(`need.${need.category}`, { defaultValue: need.category })}</strong>
                  {need.description ? `: ${need.description}` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </>
    );
  }
  return (
    <>
      <dt>{t(`receiver.field.${name}`, { defaultValue: name })}</dt>
      <dd>{text(value)}</dd>
    </>
  );
}

/** The data by category, or why there is none: redacted since, or nothing shared. */
function SharedDataBody({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = referral.sharedData ?? null;
  const categories = DATA_CATEGORIES.filter((category) => data && data[category]);
  if (referral.sharedDataRedacted) {
    return (
      <p className="redacted-banner" role="status" data-redacted="true">
        {t('receiver.redacted', { date: format.date(referral.redactedAt) || '–' })}
      </p>
    );
  }
  if (categories.length === 0) {
    return <p>{t('receiver.noSharedData')}</p>;
  }
  return (
    <>
      <p className="muted">{t('receiver.sharedDataIntro')}</p>
      {categories.map((category: DataCategory) => (
        <div key={category} data-category={category}>
          <h3>
            {t(`category.${category}`)}
            {SPECIAL_CATEGORIES.includes(category) && (
              <span className="special"> ({t('receiver.special')})</span>
            )}
          </h3>
          <dl className="definition-list">
            {Object.entries(data?.[category] ?? {}).map(([name, value]) => (
              <Field key={name} name={name} value={value} />
            ))}
          </dl>
        </div>
      ))}
    </>
  );
}

export function SharedData({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  return (
    <section className="panel shared-data" aria-labelledby="receiver-shared-data">
      <h2 id="receiver-shared-data">{t('receiver.sharedData')}</h2>
      <SharedDataBody referral={referral} />
    </section>
  );
}
