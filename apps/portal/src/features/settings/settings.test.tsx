import { act, fireEvent, waitFor } from '@testing-library/react';
import { renderInPortal, screen } from '../../../test/render';
import { changeLanguage } from '../../i18n';
import { SettingsScreen } from './route';

interface Call {
  method: string;
  body: unknown;
}

function mockFetch(put: { status: number; body: unknown }, storedLanguage = 'en'): Call[] {
  const calls: Call[] = [];
  global.fetch = jest.fn((_input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const answer =
      method === 'GET'
        ? {
            status: 200,
            body: {
              language: storedLanguage,
              email: { 'message.posted': false },
              digest: 'instant',
              updatedAt: null,
            },
          }
        : put;
    return Promise.resolve({
      ok: answer.status < 300,
      status: answer.status,
      statusText: String(answer.status),
      headers: { get: () => null },
      json: () => Promise.resolve(answer.body),
    } as unknown as Response);
  }) as typeof fetch;
  return calls;
}

describe('SettingsScreen', () => {
  it('saves language, e-mail per kind and the digest as one PUT', async () => {
    const calls = mockFetch({
      status: 200,
      body: { language: 'en', email: {}, digest: 'daily', updatedAt: 'x' },
    });
    await renderInPortal(<SettingsScreen />, 'en');
    const newReferral = await screen.findByLabelText('New referral');
    expect(screen.getByLabelText<HTMLInputElement>('New message').checked).toBe(false);
    fireEvent.click(newReferral);
    fireEvent.click(screen.getByLabelText('Once a day, as a digest'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1));
    const body = calls.find((call) => call.method === 'PUT')?.body as {
      language: string;
      digest: string;
      email: Record<string, boolean>;
    };
    expect(body.language).toBe('en');
    expect(body.digest).toBe('daily');
    expect(body.email['referral.sent']).toBe(false);
    expect(body.email['message.posted']).toBe(false);
    expect(body.email['referral.status_changed']).toBe(true);
  });

  it('keeps the language the interface shows when the e-mail choices are saved', async () => {
    // Stored Swedish, but the user came in with ?lang=en (which switches and saves on its own).
    const calls = mockFetch({ status: 200, body: { language: 'en', email: {}, digest: 'instant' } }, 'sv');
    await renderInPortal(<SettingsScreen />, 'en');
    await screen.findByLabelText('New referral');
    expect(screen.getByLabelText<HTMLSelectElement>('Language').value).toBe('en');
    fireEvent.click(screen.getByLabelText('New referral'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1));
    expect(calls.find((call) => call.method === 'PUT')?.body).toMatchObject({ language: 'en' });
  });

  it('follows a switch in the header menu until the user picks a language in the form', async () => {
    const calls = mockFetch({ status: 200, body: { language: 'fi', email: {}, digest: 'instant' } });
    await renderInPortal(<SettingsScreen />, 'en');
    await screen.findByLabelText('New referral');
    await act(() => changeLanguage('fi'));
    expect(screen.getByLabelText<HTMLSelectElement>('Kieli').value).toBe('fi');
    fireEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1));
    expect(calls.find((call) => call.method === 'PUT')?.body).toMatchObject({ language: 'fi' });
    // A language picked in the form is what is saved, whatever the interface shows meanwhile.
    fireEvent.change(screen.getByLabelText('Kieli'), { target: { value: 'sv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(2));
    expect(calls.filter((call) => call.method === 'PUT')[1]?.body).toMatchObject({ language: 'sv' });
    await act(() => changeLanguage('en'));
  });

  it('says the settings were saved in the language just chosen', async () => {
    mockFetch({ status: 200, body: { language: 'sv', email: {}, digest: 'instant' } });
    await renderInPortal(<SettingsScreen />, 'en');
    await screen.findByLabelText('New referral');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'sv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Inställningarna har sparats.')).toBeTruthy();
    expect(screen.queryByText('Settings saved.')).toBeNull();
    await act(() => changeLanguage('en'));
  });

  it('shows a refusal in the error summary and keeps every choice', async () => {
    mockFetch({
      status: 400,
      body: {
        code: 'VALIDATION.FAILED',
        message: 'invalid',
        details: [{ field: 'digest', reasons: ['digest must be one of instant, daily'] }],
        correlationId: 'corr-2',
      },
    });
    await renderInPortal(<SettingsScreen />, 'en');
    fireEvent.click(await screen.findByLabelText('New referral'));
    fireEvent.click(screen.getByLabelText('Once a day, as a digest'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const summary = await screen.findByRole('heading', { name: /1 error/ });
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(screen.getAllByText(/digest must be one of instant, daily/).length).toBeGreaterThanOrEqual(1);
    expect(screen.getByLabelText<HTMLInputElement>('New referral').checked).toBe(false);
    expect(screen.getByLabelText<HTMLInputElement>('Once a day, as a digest').checked).toBe(true);
  });
});
