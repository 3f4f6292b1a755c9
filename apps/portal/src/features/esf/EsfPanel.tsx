// The client's ESF participant data (ESF+ common indicators, Reg. (EU) 2021/1057 Annex I): asked at
// entry (labour-market status, education) and at exit (the result). Each may be "not asked" or
// "declined"; the result stays empty until the client exits. Used for statistics only.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { api } from '../../api/client';
import {
  EDUCATION_LEVELS,
  EXIT_RESULTS,
  LABOUR_MARKET_STATUSES,
  type EducationLevel,
  type EsfData,
  type ExitResult,
  type LabourMarketStatus,
} from '../../api/statistics-types';
import type { Client } from '../../api/types';
import { useAnnouncer } from '../../shell/Announcer';
import { apiFormErrors, fieldError, FormErrorSummary, type FormError } from '../../ui/FormErrors';
import { Select } from '../../ui/Select';

const IDS: Record<string, string> = {
  esf: 'esf-labourMarketStatusAtEntry',
  'esf.labourMarketStatusAtEntry': 'esf-labourMarketStatusAtEntry',
  'esf.educationAtEntry': 'esf-educationAtEntry',
  'esf.resultAtExit': 'esf-resultAtExit',
};

export const NOT_ASKED: EsfData = {
  labourMarketStatusAtEntry: 'not_asked',
  educationAtEntry: 'not_asked',
  resultAtExit: null,
};

export function EsfPanel({ client }: { client: Client & { esf?: EsfData } }) {
  const { t } = useTranslation();
  const { toast } = useAnnouncer();
  const queryClient = useQueryClient();
  const saved = client.esf ?? NOT_ASKED;
  const [values, setValues] = useState<EsfData>(saved);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValues(client.esf ?? NOT_ASKED), [client.esf]);
  const set = <K extends keyof EsfData>(key: K, value: EsfData[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = async () => {
    setBusy(true);
    setErrors([]);
    try {
      const updated = await api.patch<Client>(`/api/v1/clients/${encodeURIComponent(client.id)}`, {
        esf: values,
      });
      queryClient.setQueryData(['client', client.id], updated);
      toast(t('esf.saved'));
    } catch (error) {
      setErrors(apiFormErrors(error, t, IDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="client-esf" data-esf="">
      <h2 id="client-esf">{t('esf.title')}</h2>
      <p className="field__hint">{t('esf.purpose')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormErrorSummary errors={errors} />
        <h3>{t('esf.atEntry')}</h3>
        <Select
          id={IDS['esf.labourMarketStatusAtEntry']}
          label={t('fields.labourMarketStatusAtEntry')}
          value={values.labourMarketStatusAtEntry}
          onChange={(value) => set('labourMarketStatusAtEntry', value as LabourMarketStatus)}
          error={fieldError(errors, IDS['esf.labourMarketStatusAtEntry'])}
        >
          {LABOUR_MARKET_STATUSES.map((code) => (
            <option key={code} value={code}>
              {t(`labourMarketStatus.${code}`)}
            </option>
          ))}
        </Select>
        <Select
          id={IDS['esf.educationAtEntry']}
          label={t('fields.educationAtEntry')}
          value={values.educationAtEntry}
          onChange={(value) => set('educationAtEntry', value as EducationLevel)}
          error={fieldError(errors, IDS['esf.educationAtEntry'])}
        >
          {EDUCATION_LEVELS.map((code) => (
            <option key={code} value={code}>
              {t(`educationLevel.${code}`)}
            </option>
          ))}
        </Select>
        <h3>{t('esf.atExit')}</h3>
        <Select
          id={IDS['esf.resultAtExit']}
          label={t('fields.resultAtExit')}
          hint={t('esf.resultHint')}
          value={values.resultAtExit ?? ''}
          onChange={(value) => set('resultAtExit', value === '' ? null : (value as ExitResult))}
          error={fieldError(errors, IDS['esf.resultAtExit'])}
        >
          <option value="">{t('esf.notExited')}</option>
          {EXIT_RESULTS.map((code) => (
            <option key={code} value={code}>
              {t(`exitResult.${code}`)}
            </option>
          ))}
        </Select>
        <div className="form-actions">
          <Button type="submit" disabled={busy}>
            {t('esf.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
