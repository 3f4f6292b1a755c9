// The dashboard's period: presets (this month, this year, ...) and a from–to of months, kept in the URL.
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { AppLink } from '../../ui/AppLink';
import { presets, type Period, type PresetName } from './period';

export function PeriodForm({ period }: { period: Period }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/statistics' });
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
  }, [period.from, period.to]);
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
        onSubmit={(event) => {
          event.preventDefault();
          void navigate({ search: { from: from || undefined, to: to || undefined } });
        }}
      >
        <div className="field">
          <label htmlFor="period-from" className="field__label">
            {t('statistics.period.from')}
          </label>
          <input
            id="period-from"
            type="month"
            className="field__input"
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
