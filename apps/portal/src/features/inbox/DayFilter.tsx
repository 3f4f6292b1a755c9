// A day filter ("sent from", "sent until") as the portal's other date fields take a date: a text
// field written d.m.yyyy whatever the browser's locale (a native date input shows mm/dd/yyyy in an
// en-US browser), read when the field is left or Enter is pressed. The address keeps YYYY-MM-DD.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldDate, isCalendarDay, toIsoDate } from '../../i18n/helsinki-time';
import { TextField } from '../../ui/TextField';

/** The filter's day as the field shows it (`d.m.yyyy`), or nothing. */
function dayAsText(day: string | undefined): string {
  return day ? fieldDate(day) : '';
}

export function DayFilter({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  /** The filter's day (`YYYY-MM-DD`) from the address, or undefined. */
  value: string | undefined;
  onChange(day: string | undefined): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => dayAsText(value));
  const [invalid, setInvalid] = useState(false);
  // The address changed by other means (Clear filters, Back): the field follows it.
  useEffect(() => {
    setText(dayAsText(value));
    setInvalid(false);
  }, [value]);
  const commit = () => {
    const typed = text.trim();
    if (typed === '') {
      setInvalid(false);
      if (value !== undefined) {
        onChange(undefined);
      }
      return;
    }
    const day = toIsoDate(typed);
    if (!isCalendarDay(day)) {
      // The list keeps its last valid filter; the field says what is wrong with this one.
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (day === value) {
      setText(dayAsText(day));
    } else {
      onChange(day);
    }
  };
  return (
    <TextField
      id={id}
      label={label}
      hint={t('inbox.filter.dateHint')}
      type="text"
      autoComplete="off"
      value={text}
      error={invalid ? t('inbox.filter.invalidDate') : undefined}
      // An alert: a filter has no submit and no error summary to say it otherwise.
      alertError
      onChange={setText}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}
