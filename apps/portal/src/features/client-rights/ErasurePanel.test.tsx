import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInPortal } from '../../../test/render';
import { fakeFetch } from '../../../test/fake-fetch';
import { ErasurePanel } from './ErasurePanel';

const CLIENT = '33333333-3333-4333-8333-333333333333';

describe('ErasurePanel', () => {
  it('asks first, saying what happens and that it cannot be undone; cancelling erases nothing', async () => {
    const sent = fakeFetch([{ status: 200, body: {} }]);
    await renderInPortal(<ErasurePanel clientId={CLIENT} erased={false} />);
    const open = screen.getByRole('button', { name: 'Erase the client…' });
    fireEvent.click(open);
    const dialog = screen.getByRole('alertdialog', { name: "Erase the client's personal data?" });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const text = dialog.textContent ?? '';
    expect(text).toContain("The client's personal data (name, identity code, contact details");
    expect(text).toContain("The client's open referrals are cancelled");
    expect(text).toContain('The anonymised statistics and the audit trail (ids and codes only) are kept.');
    expect(text).toContain('This cannot be undone.');
    // Focus is in the dialog; Escape closes it and nothing was sent.
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(sent).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Erase the client…' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(sent).toHaveLength(0);
  });

  it('erases on confirmation and then shows the erased state', async () => {
    const sent = fakeFetch([
      {
        status: 200,
        body: { id: CLIENT, erased: true, erasedAt: '2026-12-03T12:00:00.000Z' },
      },
    ]);
    const onErased = jest.fn();
    await renderInPortal(<ErasurePanel clientId={CLIENT} erased={false} onErased={onErased} />);
    fireEvent.click(screen.getByRole('button', { name: 'Erase the client…' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Erase permanently' }),
    );
    await waitFor(() => expect(onErased).toHaveBeenCalled());
    expect(sent.map(({ url, method }) => ({ url, method }))).toEqual([
      { url: `/api/v1/clients/${CLIENT}/erase`, method: 'POST' },
    ]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByText('Erased.')).toBeTruthy();
    expect(screen.getByText(/Only anonymised statistics and the audit trail remain\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Erase the client…' })).toBeNull();
  });

  it('erases once when "Erase permanently" is double-clicked', async () => {
    const sent = fakeFetch([
      { status: 200, body: { id: CLIENT, erased: true, erasedAt: '2026-12-03T12:00:00.000Z' } },
      { status: 409, body: { code: 'CLIENT.ERASED', message: 'erased', correlationId: 'corr-twice' } },
    ]);
    const onErased = jest.fn();
    await renderInPortal(<ErasurePanel clientId={CLIENT} erased={false} onErased={onErased} />);
    fireEvent.click(screen.getByRole('button', { name: 'Erase the client…' }));
    const confirm = within(screen.getByRole('alertdialog')).getByRole('button', {
      name: 'Erase permanently',
    });
    // Both clicks arrive before the first answer (and before any re-render), as in a double click.
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    await waitFor(() => expect(onErased).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
    expect(screen.getByText('Erased.')).toBeTruthy();
  });

  it('keeps the dialog open with the reason when the erasure is refused', async () => {
    fakeFetch([{ status: 409, body: { code: 'CLIENT.ERASED', message: 'erased', correlationId: 'corr-e' } }]);
    await renderInPortal(<ErasurePanel clientId={CLIENT} erased={false} />, 'sv');
    fireEvent.click(screen.getByRole('button', { name: 'Radera klienten…' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Radera permanent' }),
    );
    const alert = await within(screen.getByRole('alertdialog')).findByRole('alert');
    expect(alert.textContent).toContain('corr-e');
    expect(screen.queryByText('Raderad.')).toBeNull();
  });

  it('shows an erased client as erased, with nothing to erase', async () => {
    await renderInPortal(<ErasurePanel clientId={CLIENT} erased erasedAt="2026-11-30T08:00:00.000Z" />, 'fi');
    expect(screen.getByText('Poistettu.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Poista asiakkaan tiedot…' })).toBeNull();
  });
});
