import { ConfigError, loadCommonConfig, loadNatsClientSettings } from './index.js';

describe(loadNatsClientSettings.name, () => {
  it('is anonymous and plain when nothing is set, with the app’s own inbox prefix', () => {
    expect(loadNatsClientSettings('gateway', {})).toEqual({
      auth: { kind: 'none' },
      tls: undefined,
      inboxPrefix: '_INBOX.gateway',
    });
    expect(loadCommonConfig('clients', {}).nats.inboxPrefix).toBe('_INBOX.clients');
  });

  it('reads a creds file, a user and password, or a token', () => {
    expect(loadNatsClientSettings('audit', { NATS_CREDS_FILE: '/run/nats/audit.creds' }).auth).toEqual({
      kind: 'creds',
      credsFile: '/run/nats/audit.creds',
    });
    expect(loadNatsClientSettings('audit', { NATS_USER: 'audit', NATS_PASSWORD: 's3cret' }).auth).toEqual({
      kind: 'user',
      user: 'audit',
      password: 's3cret',
    });
    expect(loadNatsClientSettings('audit', { NATS_TOKEN: 't0ken' }).auth).toEqual({
      kind: 'token',
      token: 't0ken',
    });
  });

  it('refuses half a credential or two kinds at once, naming the variables', () => {
    expect(() => loadNatsClientSettings('audit', { NATS_USER: 'audit' })).toThrow(
      new ConfigError('NATS_USER is set without NATS_PASSWORD'),
    );
    expect(() => loadNatsClientSettings('audit', { NATS_PASSWORD: 'x' })).toThrow(/NATS_PASSWORD/);
    expect(() =>
      loadNatsClientSettings('audit', { NATS_TOKEN: 't', NATS_USER: 'u', NATS_PASSWORD: 'p' }),
    ).toThrow(/NATS_USER and NATS_TOKEN/);
  });

  it('turns TLS on with a CA or a client certificate, and wants the certificate with its key', () => {
    expect(loadNatsClientSettings('referrals', { NATS_TLS_CA_FILE: '/ca.pem' }).tls).toEqual({
      caFile: '/ca.pem',
      certFile: undefined,
      keyFile: undefined,
    });
    expect(
      loadNatsClientSettings('referrals', { NATS_TLS_CERT_FILE: '/c.pem', NATS_TLS_KEY_FILE: '/k.pem' }).tls,
    ).toMatchObject({ certFile: '/c.pem', keyFile: '/k.pem' });
    expect(() => loadNatsClientSettings('referrals', { NATS_TLS_CERT_FILE: '/c.pem' })).toThrow(
      /NATS_TLS_KEY_FILE/,
    );
  });
});
