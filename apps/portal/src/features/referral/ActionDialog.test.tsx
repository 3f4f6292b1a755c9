import { fireEvent, screen, waitFor } from '@testing-library/react';
import { SENDER_CANCEL_REASONS } from '../../api/types';
import { renderInPortal } from '../../../test/render';
import { ActionDialog } from './ActionDialog';

const CANCEL = { label: 'actions.cancel', to: 'cancelled', reasons: SENDER_CANCEL_REASONS } as const;

async function openCancel(language: 'en' | 'fi') {
  const onConfirm = jest.fn();
  await renderInPortal(
    <ActionDialog action={CANCEL} onConfirm={onConfirm} onClose={jest.fn()} busy={false} error={null} />,
    language,
  );
  return onConfirm;
}

describe('ActionDialog (the sender cancelling)', () => {
  it('names the missing reason at its field, and asks for no outcome it does not show', async () => {
    const onConfirm = await openCancel('fi');
    fireEvent.click(screen.getByRole('button', { name: 'Vahvista: Peru lähete' }));
    const summary = await screen.findByRole('heading', { name: /Lomakkeessa on virheitä: 1/ });
    await waitFor(() => expect(document.activeElement).toBe(summary));
    const link = screen.getByRole('link', { name: 'Valitse syy.' });
    expect(link.getAttribute('href')).toMatch(/^#?action-reason$/);
    expect(screen.getByRole('combobox', { name: 'Syy' }).getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toMatch(/lopputulos/i);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('sends the chosen reason once it is there', async () => {
    const onConfirm = await openCancel('en');
    fireEvent.change(screen.getByRole('combobox', { name: 'Reason' }), {
      target: { value: SENDER_CANCEL_REASONS[0] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: Cancel referral' }));
    expect(onConfirm).toHaveBeenCalledWith({ reasonCode: SENDER_CANCEL_REASONS[0] });
  });
});
