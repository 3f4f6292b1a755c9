// /organisation: the response promise sent as a number (one relevant reason back), a word refused
// as not a whole number, and a conflicting save that can load the newest version.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderPage } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Organisation } from './types';
import { Route } from './route';

const ORG = '44444444-4444-4444-8444-444444444444';
const organisation = (version: number, responseDays: number, fi: string): Organisation =>
  ({
    id: ORG,
    name: { fi, sv: null, en: null },
    businessId: null,
    kind: 'ngo',
    canSend: true,
    canReceive: true,
    intake: { email: null, responseDays, accepting: true, language: null },
    status: 'active',
    agreement: { version: '2026-1', acceptedAt: '2026-01-01T00:00:00Z' },
    deactivatedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    version,
  }) as Organisation;

async function show(respond: Parameters<typeof mockFetch>[0]) {
  const calls = mockFetch(respond);
  await renderPage({
    pattern: '/organisation',
    path: '/organisation',
    component: Route.options.component,
    session: sessionAs('org_admin', ORG),
  });
  await screen.findByLabelText('Response promise (working days)', { exact: false });
  return calls;
}

const days = () => screen.getByLabelText<HTMLInputElement>(/^Response promise/);

describe('organisation profile', () => {
  it('sends a negative response promise as a number, for the API to give the one relevant reason', async () => {
    const calls = await show((call) =>
      call.method === 'PATCH'
        ? {
            status: 400,
            body: {
              code: 'VALIDATION.FAILED',
              message: 'invalid',
              details: [{ field: 'intake.responseDays', reasons: ['responseDays must not be less than 1'] }],
              correlationId: 'c1',
            },
          }
        : { status: 200, body: organisation(1, 5, 'Järjestö') },
    );
    fireEvent.change(days(), { target: { value: '-3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByRole('heading', { name: /The form has 1 error/ });
    const patch = calls.find((call) => call.method === 'PATCH');
    expect((patch?.body as { intake: { responseDays: unknown } }).intake.responseDays).toBe(-3);
  });

  it('says only "must be a whole number" for a word, without asking the API', async () => {
    const calls = await show(() => ({ status: 200, body: organisation(1, 5, 'Järjestö') }));
    fireEvent.change(days(), { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByRole('heading', { name: /The form has 1 error/ });
    expect(document.getElementById('intake-days-error')?.textContent).toBe(
      'Response promise (working days): must be a whole number',
    );
    expect(calls.filter((call) => call.method === 'PATCH')).toEqual([]);
  });

  it('loads the newest version after a conflicting save, with its values in the form', async () => {
    let current = organisation(1, 5, 'Järjestö');
    await show((call) => {
      if (call.method === 'PATCH') {
        current = organisation(2, 9, 'Toisen tallentama');
        return {
          status: 412,
          body: { code: 'RESOURCE.PRECONDITION_FAILED', message: 'changed', correlationId: 'c2' },
        };
      }
      return { status: 200, body: current };
    });
    fireEvent.change(days(), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Load the newest version' }));
    await waitFor(() => expect(days().value).toBe('9'));
    expect(screen.getByDisplayValue('Toisen tallentama')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load the newest version' })).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Profile and intake' })),
    );
  });
});
