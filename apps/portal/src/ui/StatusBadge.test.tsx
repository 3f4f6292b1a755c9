import { renderInPortal, screen } from '../../test/render';
import { StatusBadge } from './StatusBadge';

describe('StatusBadge', () => {
  it('shows the status as text in the language and its code in data-status', async () => {
    await renderInPortal(<StatusBadge status="in_progress" />, 'fi');
    const badge = screen.getByText('Käynnissä');
    expect(badge.getAttribute('data-status')).toBe('in_progress');
  });

  it('labels consent statuses from their own list', async () => {
    await renderInPortal(<StatusBadge kind="consent" status="withdrawn" />, 'sv');
    expect(screen.getByText('Återkallat').getAttribute('data-status')).toBe('withdrawn');
  });
});
