// The dashboard's period: presets (this month, this year, ...) and a from–to of months, kept in the URL.
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { AppLink } from '../../ui/AppLink';
import { FormErrorSummary, fieldError, type FormError } from '../../ui/FormErrors';
import { TextField } from '../../ui/TextField';
import {
  MAX_PERIOD_MONTHS,
  monthText,
  parseMonth,
  periodProblem,
  presets,
  type Period,
  type PeriodProblem,
  type PresetName,
} from './period';

/** A period's problem is shown at its first month (the one to change, either way). */
const FIELDS = { from: 'period-from', to: 'period-to' } as const;

export function PeriodForm({ period }: { period: Period & { problem?: PeriodProblem } }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/statistics' });
  // The two months as typed (m.yyyy), following the address when it changes.
  const [typed, setTyped] = useState({ from: monthText(period.from), to: monthText(period.to) });
  const [errors, setErrors] = useState<FormError[]>([]);
  useEffect(() => {
    setTyped({ from: monthText(period.from), to: monthText(period.to) });
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
          const months = { from: parseMonth(typed.from), to: parseMonth(typed.to) };
          const unreadable = (['from', 'to'] as const)
            .filter((field) => months[field] === null)
            .map((field) => ({ inputId: FIELDS[field], text: t('statistics.period.problem.invalidMonth') }));
          const problem = months.from && months.to ? periodProblem(months.from, months.to) : null;
          const found = problem ? [{ inputId: FIELDS.from, text: problemText(problem) }] : unreadable;
          setErrors(found);
          if (found.length === 0 && months.from && months.to) {
            void navigate({ search: { from: months.from, to: months.to } });
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
        {/* Text written m.yyyy: a native month input shows the browser's language, and some browsers have none. */}
        {(['from', 'to'] as const).map((field) => (
          <TextField
            key={field}
            id={FIELDS[field]}
            label={t(`statistics.period.${field}`)}
            hint={t('statistics.period.monthHint')}
            type="text"
            autoComplete="off"
            value={typed[field]}
            error={fieldError(errors, FIELDS[field])}
            onChange={(text) => setTyped((current) => ({ ...current, [field]: text }))}
          />
        ))}
        <Button type="submit" variant="secondary">
          {t('statistics.period.apply')}
        </Button>
      </form>
    </section>
  );
}
