import { nextDigestAt } from './email-dispatcher.js';
import { describeSmtpError } from './mailer.js';

describe('nextDigestAt', () => {
  it('is today at the digest hour, or tomorrow once it has passed', () => {
    expect(nextDigestAt(new Date('2030-03-01T04:59:00Z'), 5).toISOString()).toBe('2030-03-01T05:00:00.000Z');
    expect(nextDigestAt(new Date('2030-03-01T05:00:00Z'), 5).toISOString()).toBe('2030-03-02T05:00:00.000Z');
  });
});

describe('describeSmtpError', () => {
  it('keeps the codes only (the server’s text may quote the address) and calls 5xx permanent', () => {
    expect(
      describeSmtpError(
        Object.assign(new Error('550 <a@b.example> unknown'), { code: 'EENVELOPE', responseCode: 550 }),
      ),
    ).toEqual({
      detail: 'EENVELOPE 550',
      permanent: true,
    });
    expect(describeSmtpError(Object.assign(new Error('x'), { code: 'ECONNECTION' }))).toEqual({
      detail: 'ECONNECTION',
      permanent: false,
    });
    expect(describeSmtpError('boom')).toEqual({ detail: 'ERROR', permanent: false });
  });
});
