import { screen } from '@testing-library/react';
import { ApiError } from '../../api/client';
import { renderInPortal } from '../../../test/render';
import { ConsentGap, consentGapOf } from './ConsentGap';

const ORG = '6f1c0c57-7c43-4f0e-9f39-3b0e9d1c2a11';
const CLIENT = '0b5a2a7e-1111-4a4a-9a9a-222233334444';

describe('consent gap', () => {
  it('reads the gap from a 422 CONSENT.NOT_COVERED and nothing else', () => {
    const gap = consentGapOf(
      new ApiError(
        422,
        'CONSENT.NOT_COVERED',
        'x',
        {
          reason: 'CATEGORIES_NOT_COVERED',
          missingCategories: ['health', 'contact', 'bogus'],
        },
        'c',
      ),
    );
    expect(gap).toEqual({
      reason: 'CATEGORIES_NOT_COVERED',
      missingOrganisationId: undefined,
      missingCategories: ['health', 'contact'],
    });
    expect(consentGapOf(new ApiError(409, 'REFERRAL.POSSIBLE_DUPLICATE', 'x', undefined, null))).toBeNull();
    expect(consentGapOf(new Error('x'))).toBeNull();
  });

  it('names the missing categories in the language and links to the consent wizard for the client', async () => {
    await renderInPortal(
      <ConsentGap
        gap={{ reason: 'CATEGORIES_NOT_COVERED', missingCategories: ['health'] }}
        clientId={CLIENT}
        organisationId={ORG}
        organisationName="Kela"
        categories={['identity', 'health']}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The consent for Kela does not cover: Health.');
    expect(alert.textContent).not.toContain('as a recipient');
    // In a new tab: the referral written in this one stays, to be sent once the consent is recorded.
    const link = screen.getByRole('link', { name: 'Record a consent for this client (opens in a new tab)' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
    const href = new URL(link.getAttribute('href') ?? '', 'http://portal');
    expect(href.pathname).toBe(`/clients/${CLIENT}/consents/new`);
    expect(href.searchParams.get('organisationId')).toBe(ORG);
    expect(href.searchParams.get('categories')).toBe('identity,health');
  });

  it('names the organisation when no consent covers it at all', async () => {
    await renderInPortal(
      <ConsentGap
        gap={{ reason: 'ORGANISATION_NOT_COVERED', missingOrganisationId: ORG, missingCategories: [] }}
        clientId={CLIENT}
        organisationId={ORG}
        organisationName="Työllisyyspalvelut"
        categories={['identity']}
      />,
      'fi',
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'Mikään voimassa oleva suostumus ei nimeä organisaatiota Työllisyyspalvelut vastaanottajaksi.',
    );
  });
});
