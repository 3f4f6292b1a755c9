import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInPortal } from '../../../test/render';
import { fakeFetch } from '../../../test/fake-fetch';
import { InviteForm } from './InviteForm';

const ORG = '11111111-1111-4111-8111-111111111111';

describe('InviteForm', () => {
  it("puts the API's field errors on the e-mail field, in a summary that takes focus, and keeps the values", async () => {
    const sent = fakeFetch([
      {
        status: 400,
        body: {
          code: 'VALIDATION.FAILED',
          message: 'The request is invalid',
          details: [{ field: 'email', reasons: ['email must be an email'] }],
          correlationId: 'corr-invite',
        },
      },
    ]);
    const onInvited = jest.fn();
    await renderInPortal(<InviteForm organisationId={ORG} onInvited={onInvited} />);
    fireEvent.change(screen.getByLabelText('E-mail address'), { target: { value: 'not-an-address' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'partner_staff' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));

    const heading = await screen.findByRole('heading', { name: /The form has 1 error/ });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const input = screen.getByLabelText<HTMLInputElement>('E-mail address');
    // The error is on the field (described by it and marked invalid) and linked from the summary.
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby') ?? '';
    expect(
      document.getElementById(describedBy.split(' ').find((id) => id.endsWith('-error')) ?? '')?.textContent,
    ).toBe('E-mail address: must be an e-mail address');
    // The summary's link takes the user to the field.
    fireEvent.click(screen.getByRole('link', { name: 'E-mail address: must be an e-mail address' }));
    expect(document.activeElement).toBe(input);
    // Nothing typed is lost, and the request was what the form said.
    expect(input.value).toBe('not-an-address');
    expect(screen.getByLabelText<HTMLSelectElement>('Role').value).toBe('partner_staff');
    expect(sent.map(({ url, method, body }) => ({ url, method, body }))).toEqual([
      {
        url: `/api/v1/organisations/${ORG}/members`,
        method: 'POST',
        body: { email: 'not-an-address', role: 'partner_staff' },
      },
    ]);
    expect(onInvited).not.toHaveBeenCalled();
  });

  it('shows a refusal without field details as a general error naming the code and the reference', async () => {
    fakeFetch([
      {
        status: 409,
        body: {
          code: 'MEMBER.ALREADY_MEMBER',
          message: 'already',
          details: { organisationId: ORG },
          correlationId: 'corr-dup',
        },
      },
    ]);
    await renderInPortal(<InviteForm organisationId={ORG} />, 'fi');
    fireEvent.change(screen.getByLabelText('Sähköpostiosoite'), { target: { value: 'member@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lähetä kutsu' }));
    expect(
      await screen.findByText('Tämä sähköpostiosoite kuuluu jo organisaation käyttäjälle. Viite: corr-dup'),
    ).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Sähköpostiosoite').value).toBe('member@example.org');
  });

  it('sends the invitation, clears the e-mail and reports it', async () => {
    const invitation = {
      id: '22222222-2222-4222-8222-222222222222',
      organisationId: ORG,
      email: 'new@example.org',
      role: 'advisor',
      status: 'open',
      language: 'sv',
      expiresAt: '2026-12-17T10:00:00.000Z',
      createdAt: '2026-12-03T10:00:00.000Z',
    };
    const sent = fakeFetch([{ status: 201, body: invitation }]);
    const onInvited = jest.fn();
    await renderInPortal(<InviteForm organisationId={ORG} onInvited={onInvited} />);
    fireEvent.change(screen.getByLabelText('E-mail address'), { target: { value: ' new@example.org ' } });
    fireEvent.change(screen.getByLabelText('Language of the invitation e-mail'), { target: { value: 'sv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(onInvited).toHaveBeenCalledWith(invitation));
    expect(sent[0]?.body).toEqual({ email: 'new@example.org', role: 'advisor', language: 'sv' });
    expect(screen.getByLabelText<HTMLInputElement>('E-mail address').value).toBe('');
    expect(await screen.findByText('An invitation was sent to new@example.org.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /The form has/ })).toBeNull();
  });
});
