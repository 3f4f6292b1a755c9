import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/client';
import { renderInPortal } from '../../../test/render';
import { toIsoDate } from '../../i18n/helsinki-time';
import { ClientForm, type ClientPayload } from './ClientForm';

const type = (label: RegExp | string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('ClientForm', () => {
  it('refuses to send without names, with an error summary that takes focus and names the fields', async () => {
    const onSubmit = jest.fn();
    await renderInPortal(<ClientForm onSubmit={onSubmit} onCreated={jest.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Register the client' }));
    const heading = await screen.findByRole('heading', { name: /The form has 2 error/ });
    expect(document.activeElement).toBe(heading);
    expect(screen.getAllByText("First name: enter the client's first name.").length).toBeGreaterThan(0);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the duplicate warning and resends the same values with confirmDuplicate', async () => {
    const sent: ClientPayload[] = [];
    const onSubmit = jest.fn((payload: ClientPayload) => {
      sent.push(payload);
      return sent.length === 1
        ? Promise.reject(
            new ApiError(409, 'CLIENT.POSSIBLE_DUPLICATE', 'duplicate', { matchedOn: 'name' }, 'c-1'),
          )
        : Promise.resolve({ id: 'new-id' });
    });
    const onCreated = jest.fn();
    await renderInPortal(<ClientForm onSubmit={onSubmit} onCreated={onCreated} />);
    type(/^First name/, 'Amina');
    type(/^Last name/, 'Hassan');
    type(/^Date of birth/, '5.3.1990');
    fireEvent.click(screen.getByRole('button', { name: 'Register the client' }));
    expect(await screen.findByText('This client may already be registered')).toBeTruthy();
    // The keyboard's place is the warning, not the page's body under a disabled button.
    await waitFor(() =>
      expect(document.activeElement?.textContent).toBe('This client may already be registered'),
    );
    expect(onCreated).not.toHaveBeenCalled();
    // Nothing typed is lost.
    expect(screen.getByLabelText<HTMLInputElement>(/^First name/).value).toBe('Amina');
    fireEvent.click(screen.getByRole('button', { name: 'Register anyway' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('new-id'));
    expect(sent[0]).toMatchObject({ firstName: 'Amina', lastName: 'Hassan', dateOfBirth: '1990-03-05' });
    expect(sent[0]?.confirmDuplicate).toBeUndefined();
    expect(sent[1]).toEqual({ ...sent[0], confirmDuplicate: true });
  });

  it("puts the API's field errors on the fields and keeps the values", async () => {
    const onSubmit = jest.fn(() =>
      Promise.reject(
        new ApiError(
          400,
          'VALIDATION.FAILED',
          'invalid',
          [{ field: 'personalIdentityCode', reasons: ['the check character is wrong'] }],
          'corr-7',
        ),
      ),
    );
    await renderInPortal(<ClientForm onSubmit={onSubmit} onCreated={jest.fn()} />, 'fi');
    type(/^Etunimi/, 'Amina');
    type(/^Sukunimi/, 'Hassan');
    type(/^Henkilötunnus/, '010594Y9022');
    fireEvent.click(screen.getByRole('button', { name: 'Rekisteröi asiakas' }));
    const message = 'Henkilötunnus: the check character is wrong';
    await screen.findByRole('heading', { name: /Lomakkeessa on virheitä: 1/ });
    // In the summary (a link to the field) and under the field itself.
    expect(screen.getAllByText(message).length).toBe(2);
    expect(screen.getByLabelText<HTMLInputElement>(/^Henkilötunnus/).value).toBe('010594Y9022');
  });

  it('reads Finnish dates', () => {
    expect(toIsoDate('5.3.1990')).toBe('1990-03-05');
    expect(toIsoDate('1990-03-05')).toBe('1990-03-05');
  });
});
