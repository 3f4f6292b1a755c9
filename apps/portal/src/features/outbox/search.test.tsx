import { listFilters } from './route';
import { parseOutboxSearch, QUEUE_STATUSES } from './search';

describe('outbox search params', () => {
  it('narrows a queue by a status of its own and drops one from outside it', () => {
    // Open is the queue without a `queue` in the address.
    expect(parseOutboxSearch({ status: 'accepted' }).status).toBe('accepted');
    expect(parseOutboxSearch({ status: 'completed' }).status).toBeUndefined();
    expect(parseOutboxSearch({ queue: 'drafts', status: 'requested' }).status).toBeUndefined();
    expect(parseOutboxSearch({ queue: 'drafts', status: 'draft' }).status).toBe('draft');
    expect(parseOutboxSearch({ queue: 'closed', status: 'cancelled' }).status).toBe('cancelled');
    expect(parseOutboxSearch({ queue: 'all', status: 'draft' }).status).toBe('draft');
    expect(parseOutboxSearch({ queue: 'attention', status: 'received' }).status).toBe('received');
    expect(QUEUE_STATUSES.closed).not.toContain('requested');
    expect(QUEUE_STATUSES.open).not.toContain('completed');
  });

  it('lists the queue when the address holds another queue’s status', () => {
    const search = parseOutboxSearch({ queue: 'drafts', status: 'requested' });
    expect(listFilters(search)).toMatchObject({ status: 'draft' });
    expect(listFilters(parseOutboxSearch({ queue: 'closed', status: 'completed' }))).toMatchObject({
      status: 'completed',
    });
  });
});
