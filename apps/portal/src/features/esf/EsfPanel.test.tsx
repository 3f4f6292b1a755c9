import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Client } from '../../api/types';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderInPortal } from '../../../test/render';
import { EsfPanel } from './EsfPanel';

const client: Client = {
  id: 'client-1',
  firstName: 'Amina',
  lastName: 'Hassan',
  dateOfBirth: null,
  personalIdentityCode: null,
  personalIdentityCodeMasked: null,
  preferredLanguage: null,
  municipality: null,
  erased: false,
  createdAt: '2026-01-01T00:00:00Z',
  languages: [],
  interpreterNeeded: false,
  phone: null,
  email: null,
  gender: null,
  needs: [],
};

describe('the ESF participant data on the client page', () => {
  it('shows "not asked" until asked, and saves the answers (declined too) as one PATCH of esf', async () => {
    const esf = { labourMarketStatusAtEntry: 'unemployed', educationAtEntry: 'declined', resultAtExit: null };
    const sent = fakeFetch([{ status: 200, body: { ...client, esf } }]);
    await renderInPortal(
      <EsfPanel
        client={{
          ...client,
          esf: { labourMarketStatusAtEntry: 'not_asked', educationAtEntry: 'not_asked', resultAtExit: null },
        }}
      />,
    );
    const status = screen.getByLabelText<HTMLSelectElement>('Labour-market status at entry');
    expect(status.selectedOptions[0]?.textContent).toBe('Not asked');
    const result = screen.getByLabelText<HTMLSelectElement>(/^Result at exit/);
    expect(result.selectedOptions[0]?.textContent).toBe('Not exited yet');
    // Every answer may be "not asked" or "declined".
    for (const label of ['Labour-market status at entry', 'Education level at entry', /^Result at exit/]) {
      const texts = [...screen.getByLabelText<HTMLSelectElement>(label).options].map((o) => o.textContent);
      expect(texts).toEqual(expect.arrayContaining(['Not asked', 'Declined to say']));
    }
    fireEvent.change(status, { target: { value: 'unemployed' } });
    fireEvent.change(screen.getByLabelText('Education level at entry'), { target: { value: 'declined' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the ESF data' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ url: '/api/v1/clients/client-1', method: 'PATCH', body: { esf } });
    expect(await screen.findByText('ESF data saved.')).toBeTruthy();
  });

  it('shows a refusal in the error summary, on the field, in Finnish', async () => {
    fakeFetch([
      {
        status: 400,
        body: {
          code: 'VALIDATION.FAILED',
          message: 'invalid',
          details: [{ field: 'esf.resultAtExit', reasons: ['must be one of the exit results'] }],
          correlationId: 'c-2',
        },
      },
    ]);
    await renderInPortal(<EsfPanel client={client} />, 'fi');
    fireEvent.change(screen.getByLabelText(/^Tilanne päättyessä/), { target: { value: 'job_seeking' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tallenna ESR-tiedot' }));
    await screen.findByRole('heading', { name: /Lomakkeessa on virheitä: 1/ });
    expect(screen.getAllByText('ESR-tiedot: must be one of the exit results').length).toBe(2);
    expect(screen.getByLabelText<HTMLSelectElement>(/^Tilanne päättyessä/).value).toBe('job_seeking');
  });
});
