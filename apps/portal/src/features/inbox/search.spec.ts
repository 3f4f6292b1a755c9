import { inboxQuery, parseInboxSearch, queueCount, statusesOf } from './search.js';

describe('inbox search params', () => {
  it('keeps what the inbox understands and drops the rest', () => {
    expect(
      parseInboxSearch({
        queue: 'overdue',
        status: 'received',
        need: 'housing',
        serviceId: '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11',
        assignee: 'me',
        from: '2026-12-01',
        to: '2026-12-31',
        overdue: 'true',
      }),
    ).toEqual({
      queue: 'overdue',
      status: 'received',
      need: 'housing',
      serviceId: '3f6c1c0e-8a4e-4a51-9d55-6c1e0c3f0b11',
      assignee: 'me',
      from: '2026-12-01',
      to: '2026-12-31',
      overdue: true,
    });
    expect(
      parseInboxSearch({
        queue: 'everything',
        status: 'open',
        need: 'x',
        serviceId: 'not-a-uuid',
        assignee: '<script>',
        from: '1.12.2026',
        to: '2026-13-45',
        overdue: 'yes',
      }),
    ).toEqual({
      queue: undefined,
      status: undefined,
      need: undefined,
      serviceId: undefined,
      assignee: undefined,
      from: undefined,
      to: undefined,
      overdue: undefined,
    });
  });

  it('narrows a queue by a status of its own and drops one from outside it', () => {
    expect(parseInboxSearch({ queue: 'closed', status: 'completed' }).status).toBe('completed');
    expect(parseInboxSearch({ queue: 'closed', status: 'requested' }).status).toBeUndefined();
    // Needs action is the queue without a `queue` in the address.
    expect(parseInboxSearch({ status: 'completed' }).status).toBeUndefined();
    expect(parseInboxSearch({ status: 'received' }).status).toBe('received');
    expect(parseInboxSearch({ queue: 'active', status: 'on_hold' }).status).toBe('on_hold');
    // Overdue and All have no statuses of their own: any but a draft.
    expect(parseInboxSearch({ queue: 'all', status: 'cancelled' }).status).toBe('cancelled');
    expect(parseInboxSearch({ queue: 'all', status: 'draft' }).status).toBeUndefined();
    expect(statusesOf('closed')).toEqual(['rejected', 'completed', 'failed', 'cancelled']);
    expect(statusesOf('overdue')).not.toContain('draft');
    const needsActionWithClosedStatus = parseInboxSearch({ queue: 'needs_action', status: 'completed' });
    expect(inboxQuery(needsActionWithClosedStatus)).toMatchObject({ status: 'requested,received' });
  });

  it('drops a day the calendar does not have (JavaScript would read 30 February as 2 March)', () => {
    const search = parseInboxSearch({ from: '2026-02-30', to: '2026-04-31' });
    expect(search).toMatchObject({ from: undefined, to: undefined });
    expect(inboxQuery(search)).toMatchObject({ from: undefined, to: undefined });
  });

  it('turns a queue and its filters into the list request', () => {
    expect(inboxQuery({})).toMatchObject({ box: 'incoming', status: 'requested,received' });
    expect(inboxQuery({ queue: 'mine' })).toMatchObject({ assignee: 'me' });
    expect(inboxQuery({ queue: 'overdue' })).toMatchObject({ overdue: true, status: undefined });
    expect(inboxQuery({ queue: 'closed', status: 'completed' })).toMatchObject({ status: 'completed' });
    // Days in Helsinki (the list shows its times there): "sent until" a day includes the whole day.
    expect(inboxQuery({ from: '2026-12-01', to: '2026-12-31' })).toMatchObject({
      from: '2026-11-30T22:00:00.000Z',
      to: '2026-12-31T22:00:00.000Z',
    });
    expect(inboxQuery({ from: '2026-06-01', to: '2026-06-30' })).toMatchObject({
      from: '2026-05-31T21:00:00.000Z',
      to: '2026-06-30T21:00:00.000Z',
    });
  });

  it('counts a queue from the list counts', () => {
    const counts = { requested: 2, received: 1, accepted: 4, on_hold: 1, completed: 7, overdue: 3 };
    expect(queueCount('needs_action', counts)).toBe(3);
    expect(queueCount('active', counts)).toBe(5);
    expect(queueCount('closed', counts)).toBe(7);
    expect(queueCount('overdue', counts)).toBe(3);
    expect(queueCount('mine', counts)).toBeUndefined();
  });
});
