// What an organisation does in the network: it sends referrals, receives them, or both. The
// platform administrator chooses when creating it and may change it later; one that does neither
// has no part in the network, so the portal asks for at least one.
import { useEffect, useState } from 'react';
import { isStale } from '../../api/client';
import { useTranslation } from 'react-i18next';
import { useSingleFlightMutation } from '../../api/single-flight';
import { ConfirmDialog } from '../organisation/ConfirmDialog';
import { CheckboxGroup, adminErrorMessage } from '../organisation/fields';
import { updateOrganisation } from '../organisation/api';
import type { Organisation } from '../organisation/types';

export const PARTICIPATION = ['send', 'receive'] as const;
export type Participation = (typeof PARTICIPATION)[number];

export function participationOf(organisation: Pick<Organisation, 'canSend' | 'canReceive'>): Participation[] {
  return PARTICIPATION.filter((part) => (part === 'send' ? organisation.canSend : organisation.canReceive));
}

export function flagsOf(parts: readonly Participation[]): { canSend: boolean; canReceive: boolean } {
  return { canSend: parts.includes('send'), canReceive: parts.includes('receive') };
}

export function ParticipationFields({
  id,
  selected,
  error,
  onChange,
}: {
  id: string;
  selected: readonly Participation[];
  error?: string;
  onChange(selected: Participation[]): void;
}) {
  const { t } = useTranslation();
  return (
    <CheckboxGroup
      id={id}
      legend={t('adminOrgs.participation.legend')}
      options={PARTICIPATION}
      selected={selected}
      labelOf={(part) => t(part === 'send' ? 'adminOrgs.create.canSend' : 'adminOrgs.create.canReceive')}
      error={error}
      onChange={onChange}
    />
  );
}

/** The platform administrator changes whether an organisation sends or receives referrals. */
export function ParticipationDialog({
  organisation,
  name,
  onSaved,
  onStale,
  onCancel,
}: {
  organisation: Organisation;
  name: string;
  onSaved(updated: Organisation): void;
  /** Someone else changed the organisation meanwhile: load its newest version (a new `organisation`). */
  onStale(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<Participation[]>(participationOf(organisation));
  const [neither, setNeither] = useState(false);
  const save = useSingleFlightMutation({
    mutationFn: () => updateOrganisation(organisation, flagsOf(selected)),
    onSuccess: onSaved,
    onError: (error) => {
      if (isStale(error)) {
        onStale();
      }
    },
  });
  // Said in the dialog's alert, so that a screen reader hears it where focus stays (on Save).
  const dialogError = (): string | null => {
    if (neither) {
      return t('adminOrgs.participation.neither');
    }
    if (!save.isError) {
      return null;
    }
    return isStale(save.error) ? t('adminOrgs.participation.stale') : adminErrorMessage(save.error, t);
  };
  // The newest version arrived: its settings are the ones to choose from again.
  const { version, canSend, canReceive } = organisation;
  useEffect(() => {
    setSelected(participationOf({ canSend, canReceive }));
  }, [version, canSend, canReceive]);
  return (
    <ConfirmDialog
      title={t('adminOrgs.participation.title', { name })}
      confirmLabel={t('common.save')}
      cancelLabel={t('common.cancel')}
      busy={save.isPending}
      error={dialogError()}
      onConfirm={() => {
        setNeither(selected.length === 0);
        if (selected.length > 0) {
          save.mutate();
        }
      }}
      onCancel={onCancel}
    >
      <p>{t('adminOrgs.participation.text')}</p>
      <ParticipationFields
        id={`participation-${organisation.id}`}
        selected={selected}
        onChange={(parts) => {
          setSelected(parts);
          setNeither(false);
        }}
      />
    </ConfirmDialog>
  );
}
