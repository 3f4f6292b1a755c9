import { slowConsumerDelay } from './event-consumers.js';

describe('slowConsumerDelay (the fault suite hook)', () => {
  it('is off unless EVENT_CONSUMER_DELAY_MS is a positive integer', () => {
    expect(slowConsumerDelay('audit', {})).toBeUndefined();
    expect(slowConsumerDelay('audit', { EVENT_CONSUMER_DELAY_MS: '0' })).toBeUndefined();
    expect(slowConsumerDelay('audit', { EVENT_CONSUMER_DELAY_MS: 'soon' })).toBeUndefined();
  });

  it('slows every durable, or only those listed', () => {
    expect(slowConsumerDelay('audit', { EVENT_CONSUMER_DELAY_MS: '2000' })).toBe(2000);
    const env = { EVENT_CONSUMER_DELAY_MS: '2000', EVENT_CONSUMER_DELAY_DURABLES: 'a, b' };
    expect(slowConsumerDelay('b', env)).toBe(2000);
    expect(slowConsumerDelay('audit', env)).toBeUndefined();
  });
});
