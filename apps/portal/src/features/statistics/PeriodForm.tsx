// The dashboard's period: presets (this month, this year, ...) and a from–to of months, kept in the URL.
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { AppLink } from '../../ui/AppLink';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import {
  MAX_PERIOD_MONTHS,
  periodProblem,
  presets,
  type Period,
  type PeriodProblem,
  type PresetName,
} from './period';

/** The field a period's problem is shown at (its first month: the one to change, either way). */
const PERIOD_FIELD = 'period-from';

export function PeriodForm({ period }: { period: Period & { problem?: PeriodProblem } }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/statistics' });
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [errors, setErrors] = useState<FormError[]>([]);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
  }, [period.from, period.to]);
  const problemText = (problem: PeriodProblem) =>
    t(`statistics.period.problem.${problem}`, { max: String(MAX_PERIOD_MONTHS) });
  const choices = presets();
  return (
    <section className="panel stats-period" aria-labelledby="period-heading">
      <h2 id="period-heading">{t('statistics.period.title')}</h2>
      <ul className="quick-links" aria-label={t('statistics.period.presets')}>
        {(Object.keys(choices) as PresetName[]).map((name) => {
          const current = choices[name].from === period.from && choices[name].to === period.to;
          return (
            <li key={name}>
              <AppLink to="/statistics" search={choices[name]} aria-current={current ? 'true' : undefined}>
                {t(`statistics.period.${name}`)}
              </AppLink>
            </li>
          );
        })}
      </ul>
      <form
        className="stats-period__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          // Refused here, before the ten figures would each be refused by the API.
          const problem = from && to ? periodProblem(from, to) : null;
          setErrors(problem ? [{ inputId: PERIOD_FIELD, text: problemText(problem) }] : []);
          if (!problem) {
            void navigate({ search: { from: from || undefined, to: to || undefined } });
          }
        }}
      >
        <FormErrorSummary errors={errors} />
        {period.problem && errors.length === 0 && (
          // The address asked for a period the figures cannot be given for: what is shown instead.
          <p className="notice notice--warning" role="status" data-period-problem={period.problem}>
            {problemText(period.problem)} {t('statistics.period.shownInstead')}
          </p>
        )}
        <div className="field">
          <label htmlFor="period-from" className="field__label">
            {t('statistics.period.from')}
          </label>
          <input
            id="period-from"
            type="month"
            className="field__input"
            aria-invalid={fieldError(errors, PERIOD_FIELD) ? true : undefined}
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="period-to" className="field__label">
            {t('statistics.period.to')}
          </label>
          <input
            id="period-to"
            type="month"
            className="field__input"
            value={to}
            onChange={(event) => setTo(event.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary">
          {t('statistics.period.apply')}
        </Button>
      </form>
    </section>
  );
}
