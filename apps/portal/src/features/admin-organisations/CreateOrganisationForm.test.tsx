import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInPortal } from '../../../test/render';
import { fakeFetch } from '../../../test/fake-fetch';
import { CreateOrganisationForm } from './CreateOrganisationForm';

const created = {
  id: '44444444-4444-4444-8444-444444444444',
  name: { fi: 'Uusi järjestö', sv: null, en: null },
  businessId: null,
  kind: 'association',
  canSend: false,
  canReceive: true,
  intake: { email: null, responseDays: 5, accepting: true, language: null },
  status: 'pending_agreement',
  agreement: null,
  deactivatedAt: null,
  createdAt: '2026-12-03T10:00:00.000Z',
  version: 1,
};

describe('CreateOrganisationForm', () => {
  it('creates one organisation when the submit button is double-clicked', async () => {
    const sent = fakeFetch([{ status: 201, body: created }]);
    const onCreated = jest.fn();
    await renderInPortal(<CreateOrganisationForm onCreated={onCreated} onCancel={jest.fn()} />);
    fireEvent.change(screen.getByLabelText('Finnish'), { target: { value: 'Uusi järjestö' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'association' } });
    const submit = screen.getByRole('button', { name: 'Create organisation' });
    // Both clicks arrive before the first answer (and before any re-render), as in a double click.
    fireEvent.click(submit);
    fireEvent.click(submit);
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect(sent.map(({ url, method }) => ({ url, method }))).toEqual([
      { url: '/api/v1/organisations', method: 'POST' },
    ]);
    expect(onCreated).toHaveBeenCalledTimes(1);
  });

  it('can be sent again after a refusal', async () => {
    const sent = fakeFetch([
      {
        status: 400,
        body: {
          code: 'VALIDATION.FAILED',
          message: 'invalid',
          details: [{ field: 'kind', reasons: ['kind should not be empty'] }],
          correlationId: 'corr-kind',
        },
      },
      { status: 201, body: created },
    ]);
    const onCreated = jest.fn();
    await renderInPortal(<CreateOrganisationForm onCreated={onCreated} onCancel={jest.fn()} />);
    fireEvent.change(screen.getByLabelText('Finnish'), { target: { value: 'Uusi järjestö' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    await screen.findByRole('heading', { name: /The form has 1 error/ });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'association' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect(sent.map(({ body }) => (body as { kind: string }).kind)).toEqual(['', 'association']);
  });

  it('asks for sending or receiving referrals, at least one, before it asks the API', async () => {
    const sent = fakeFetch([{ status: 201, body: { ...created, canSend: true, canReceive: false } }]);
    const onCreated = jest.fn();
    await renderInPortal(<CreateOrganisationForm onCreated={onCreated} onCancel={jest.fn()} />);
    fireEvent.change(screen.getByLabelText('Finnish'), { target: { value: 'Uusi järjestö' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'association' } });
    // Receiving is chosen to begin with.
    expect(screen.getByLabelText<HTMLInputElement>('May receive referrals').checked).toBe(true);
    fireEvent.click(screen.getByLabelText('May receive referrals'));
    fireEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    await screen.findByRole('heading', { name: /The form has 1 error/ });
    expect(
      screen.getAllByText(
        'Choose at least one: an organisation that neither sends nor receives referrals has no part in the network.',
      ).length,
    ).toBeGreaterThan(0);
    expect(sent).toEqual([]);

    fireEvent.click(screen.getByLabelText('May send referrals'));
    fireEvent.click(screen.getByRole('button', { name: 'Create organisation' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(sent.map(({ body }) => body)).toEqual([
      expect.objectContaining({ canSend: true, canReceive: false }),
    ]);
  });
});
