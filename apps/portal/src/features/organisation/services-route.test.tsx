// /organisation/services: where the keyboard goes as the service form opens and closes and a
// service is deleted, the saved service named in the interface's language, the count's plural.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockFetch } from '../../../test/mock-fetch';
import { renderPage } from '../../../test/render';
import { sessionAs } from '../../../test/session';
import type { Service } from './types';
import { Route } from './services-route';

const ORG = '22222222-2222-4222-8222-222222222222';
const SERVICE: Service = {
  id: '33333333-3333-4333-8333-333333333333',
  organisationId: ORG,
  name: { fi: 'Testipalvelu', sv: 'Testtjänst', en: 'Test service' },
  description: { fi: 'Kuvaus', sv: 'Beskrivning', en: 'Description' },
  needs: ['employment'],
  eligibility: null,
  languages: ['fi'],
  interpretationAvailable: false,
  contact: { phone: null, email: null, url: null },
  referralStatus: 'accepting',
};

async function show(language: 'fi' | 'sv' | 'en' = 'en', respond?: Parameters<typeof mockFetch>[0]) {
  let items = [SERVICE];
  const calls = mockFetch(
    respond ??
      ((call) => {
        if (call.method === 'DELETE') {
          items = [];
          return { status: 204, body: null };
        }
        if (call.method === 'POST' || call.method === 'PATCH') {
          return { status: 200, body: SERVICE };
        }
        return { status: 200, body: { items, nextCursor: null } };
      }),
  );
  await renderPage({
    pattern: '/organisation/services',
    path: '/organisation/services',
    component: Route.options.component,
    session: sessionAs('org_admin', ORG),
    language,
  });
  await waitFor(() => expect(document.querySelector(`tr[data-service-id="${SERVICE.id}"]`)).not.toBeNull());
  return calls;
}

describe('services screen', () => {
  it('gives the opened form its heading and the keyboard back to "Add a service" on cancel', async () => {
    await show();
    expect(screen.getByText('1 service shown')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a service' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'New service' })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add a service' })),
    );
  });

  it("opens the edit form at its heading and returns to the row's Edit once saved, naming the service in the page's language", async () => {
    await show('sv');
    fireEvent.click(screen.getByRole('button', { name: 'Redigera: Testtjänst' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Redigera: Testtjänst' })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Spara tjänsten' }));
    expect(await screen.findByText('Tjänsten Testtjänst sparades.')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Redigera: Testtjänst' })),
    );
  });

  it('returns the keyboard to "Add a service" after a new service is added', async () => {
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Add a service' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Add service' }));
    expect(await screen.findByText('The service Test service was saved.')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add a service' })),
    );
  });

  it("puts the keyboard on the list's heading once a service is deleted", async () => {
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Delete: Test service' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete service' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(document.querySelector('tr[data-service-id]')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: "The organisation's services" }));
  });
});
