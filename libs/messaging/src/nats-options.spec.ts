import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNatsClientSettings } from '#config';
import { natsConnectionOptions } from './nats-options.js';

const endpoint = (env: Record<string, string>) => ({
  natsUrl: 'nats://a:4222,nats://b:4222',
  nats: loadNatsClientSettings('referrals', env),
});

describe(natsConnectionOptions.name, () => {
  it('lists every server, names the connection and sets the app’s inbox prefix', () => {
    const options = natsConnectionOptions(endpoint({}), 'moni-referrals');
    expect(options).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      name: 'moni-referrals',
      noAsyncTraces: true,
      inboxPrefix: '_INBOX.referrals',
    });
  });

  it('authenticates with user and password, with a token, or with a creds file', () => {
    const user = natsConnectionOptions(endpoint({ NATS_USER: 'referrals', NATS_PASSWORD: 'pw' }), 'x');
    expect(typeof user.authenticator).toBe('function');
    expect((user.authenticator as (nonce?: string) => unknown)()).toEqual({ user: 'referrals', pass: 'pw' });

    const token = natsConnectionOptions(endpoint({ NATS_TOKEN: 'tk' }), 'x');
    expect((token.authenticator as (nonce?: string) => unknown)()).toEqual({ auth_token: 'tk' });

    const dir = mkdtempSync(join(tmpdir(), 'moni-creds-'));
    const file = join(dir, 'referrals.creds');
    writeFileSync(file, 'not a creds file');
    const creds = natsConnectionOptions(endpoint({ NATS_CREDS_FILE: file }), 'x');
    // The file is read when the client authenticates: a broken one fails there, loudly.
    expect(() => (creds.authenticator as (nonce?: string) => unknown)('nonce')).toThrow();
  });

  it('passes the TLS files on', () => {
    const options = natsConnectionOptions(
      endpoint({ NATS_TLS_CA_FILE: '/ca.pem', NATS_TLS_CERT_FILE: '/c.pem', NATS_TLS_KEY_FILE: '/k.pem' }),
      'x',
    );
    expect(options.tls).toEqual({ caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' });
  });

  it('stays anonymous and plain without settings (the messaging tests)', () => {
    expect(natsConnectionOptions({ natsUrl: 'nats://a:4222' }, 'x')).toEqual({
      servers: ['nats://a:4222'],
      name: 'x',
      noAsyncTraces: true,
    });
  });
});
