import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch } from '../../../test/fake-fetch';
import { renderInPortal } from '../../../test/render';
import { today } from './ContactForm';
import { QuickEntry } from './QuickEntry';

const contactView = (body: Record<string, unknown>) => ({
  id: 'c-1',
  organisationId: 'o-1',
  kind: body.clientId ? 'registered' : 'anonymous',
  clientId: body.clientId ?? null,
  anonymous: body.anonymous ?? null,
  recordedBy: 'u-1',
  createdAt: '2026-12-03T10:00:00Z',
  ...body,
});

const contactForm = () => screen.getByRole('region', { name: 'Record a guidance contact' });

describe('the quick entry of a guidance contact', () => {
  it('records an anonymous contact from its defaults and the topics alone, then is ready for the next', async () => {
    const sent = fakeFetch([{ status: 201, body: contactView({}) }]);
    await renderInPortal(<QuickEntry />);
    const form = within(contactForm());
    // Defaults: today, walk-in, under 15 minutes, Finnish, no interpreter, anonymous.
    expect(form.getByLabelText<HTMLInputElement>('Date').value).toBe(today());
    expect(form.getByLabelText<HTMLInputElement>('Walk-in').checked).toBe(true);
    expect(form.getByLabelText<HTMLInputElement>('Anonymous').checked).toBe(true);
    fireEvent.click(form.getByLabelText('Housing'));
    fireEvent.click(form.getByLabelText('Employment'));
    fireEvent.click(form.getByLabelText('Phone'));
    fireEvent.change(form.getByLabelText('Age band'), { target: { value: '25_29' } });
    fireEvent.change(form.getByLabelText('Municipality'), { target: { value: '743' } });
    fireEvent.click(form.getByRole('button', { name: 'Save the contact' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ url: '/api/v1/contacts', method: 'POST' });
    expect(sent[0]?.body).toEqual({
      date: today(),
      channel: 'phone',
      topics: ['housing', 'employment'],
      language: 'fi',
      interpreter: false,
      duration: 'under_15',
      anonymous: { ageBand: '25_29', gender: 'not_given', municipality: '743' },
    });
    expect(await screen.findByText('Guidance contact saved.')).toBeTruthy();
    // The next contact: the channel stays, the topics and the person are cleared, focus on the date.
    expect(form.getByLabelText<HTMLInputElement>('Phone').checked).toBe(true);
    expect(form.getByLabelText<HTMLInputElement>('Housing').checked).toBe(false);
    expect(form.getByLabelText<HTMLSelectElement>('Age band').value).toBe('unknown');
    expect(document.activeElement).toBe(form.getByLabelText('Date'));
  });

  it('refuses to send without a topic, with an error summary that takes focus', async () => {
    const sent = fakeFetch([]);
    await renderInPortal(<QuickEntry />);
    fireEvent.click(within(contactForm()).getByRole('button', { name: 'Save the contact' }));
    const heading = await screen.findByRole('heading', { name: /The form has 1 error/ });
    expect(document.activeElement).toBe(heading);
    expect(screen.getAllByText('Topics: choose at least one topic.').length).toBe(2);
    expect(sent).toHaveLength(0);
  });

  it('records a contact of a registered client found by name', async () => {
    const sent = fakeFetch([
      {
        status: 200,
        body: {
          items: [
            {
              id: 'client-7',
              firstName: 'Amina',
              lastName: 'Hassan',
              dateOfBirth: '1990-03-05',
              personalIdentityCodeMasked: null,
              preferredLanguage: 'ar',
              municipality: null,
              erased: false,
              createdAt: '2026-01-01T00:00:00Z',
            },
          ],
          nextCursor: null,
        },
      },
      { status: 201, body: contactView({ clientId: 'client-7' }) },
    ]);
    await renderInPortal(<QuickEntry />);
    const form = within(contactForm());
    fireEvent.click(form.getByLabelText('Registered client'));
    expect(form.queryByLabelText('Age band')).toBeNull();
    fireEvent.click(form.getByLabelText('Language training'));
    // Without a chosen client the form says so.
    fireEvent.click(form.getByRole('button', { name: 'Save the contact' }));
    expect(
      (await screen.findAllByText('Client: find and choose the client, or choose anonymous.')).length,
    ).toBe(2);
    fireEvent.change(form.getByLabelText('Find the client'), { target: { value: 'Amina' } });
    // The search waits 300 ms for typing to stop; on a loaded machine the answer takes longer than
    // findBy's default second to show (seen in a CI run).
    fireEvent.click(await form.findByLabelText(/Amina Hassan/, undefined, { timeout: 4000 }));
    expect(form.getByText('Chosen client: Amina Hassan')).toBeTruthy();
    fireEvent.click(form.getByRole('button', { name: 'Save the contact' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]?.url).toBe('/api/v1/clients?q=Amina&limit=5');
    expect(sent[1]?.body).toMatchObject({ clientId: 'client-7', topics: ['language_training'] });
    expect((sent[1]?.body as Record<string, unknown>).anonymous).toBeUndefined();
  });

  it("puts the API's field errors on the fields and keeps the values (Swedish)", async () => {
    fakeFetch([
      {
        status: 400,
        body: {
          code: 'VALIDATION.FAILED',
          message: 'invalid',
          details: [{ field: 'anonymous.municipality', reasons: ['must be a municipality code'] }],
          correlationId: 'corr-1',
        },
      },
    ]);
    await renderInPortal(<QuickEntry />, 'sv');
    const form = within(screen.getByRole('region', { name: 'Registrera en vägledningskontakt' }));
    fireEvent.click(form.getByLabelText('Boende'));
    fireEvent.click(form.getByRole('button', { name: 'Spara kontakten' }));
    await screen.findByRole('heading', { name: /1/ });
    const message = 'Anonym klient: must be a municipality code';
    expect(screen.getAllByText(message).length).toBe(2);
    expect(form.getByLabelText<HTMLInputElement>('Boende').checked).toBe(true);
  });
});

describe('the group event form', () => {
  it('asks for the attendance, then sends the event', async () => {
    const sent = fakeFetch([
      {
        status: 201,
        body: {
          id: 'e-1',
          organisationId: 'o-1',
          date: today(),
          topics: ['employment'],
          attendance: 12,
          language: null,
          title: 'Job-search workshop',
          recordedBy: 'u-1',
          createdAt: 'x',
        },
      },
    ]);
    await renderInPortal(<QuickEntry />);
    const region = within(screen.getByRole('region', { name: 'Group events' }));
    fireEvent.click(region.getByText('Record a group event'));
    fireEvent.click(region.getByLabelText('Employment'));
    fireEvent.click(region.getByRole('button', { name: 'Save the event' }));
    expect((await screen.findAllByText('Attendance: enter how many took part (at least 1).')).length).toBe(2);
    expect(sent).toHaveLength(0);
    fireEvent.change(region.getByLabelText('Attendance'), { target: { value: '12' } });
    fireEvent.change(region.getByLabelText(/^Title/), { target: { value: 'Job-search workshop' } });
    fireEvent.click(region.getByRole('button', { name: 'Save the event' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      url: '/api/v1/events',
      method: 'POST',
      body: { date: today(), topics: ['employment'], attendance: 12, title: 'Job-search workshop' },
    });
    expect(await screen.findByText('Group event saved.')).toBeTruthy();
  });
});
