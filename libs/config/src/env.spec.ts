import {
  ConfigError,
  loadCommonConfig,
  DEV_CURSOR_SECRET,
  isLoopbackHost,
  loadIdentityConfig,
  readCursorSecret,
} from './env.js';

describe(loadIdentityConfig.name, () => {
  it('accepts the password grant client (moni-cli) by default outside production only', () => {
    expect(loadIdentityConfig({}).allowedClients).toEqual(['moni-portal', 'moni-cli', 'moni-partner-system']);
    expect(
      loadIdentityConfig({ NODE_ENV: 'production', KEYCLOAK_URL: 'https://auth.example.fi' }).allowedClients,
    ).toEqual(['moni-portal', 'moni-partner-system']);
  });

  it('accepts moni-cli in production when OIDC_ALLOWED_CLIENTS lists it explicitly', () => {
    expect(
      loadIdentityConfig({
        NODE_ENV: 'production',
        KEYCLOAK_URL: 'https://auth.example.fi',
        OIDC_ALLOWED_CLIENTS: 'moni-portal, moni-cli',
      }).allowedClients,
    ).toEqual(['moni-portal', 'moni-cli']);
  });

  it.each([
    'http://auth.example.fi',
    'http://10.0.0.5:8080',
    'http://127.0.0.1.example.fi',
    'ftp://auth.example.fi',
  ])('refuses KEYCLOAK_URL %s in production, naming the variable', (url) => {
    const load = () => loadIdentityConfig({ NODE_ENV: 'production', KEYCLOAK_URL: url });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^KEYCLOAK_URL must be https in production/);
  });

  it.each(['https://auth.example.fi', 'http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080'])(
    'takes KEYCLOAK_URL %s in production',
    (url) => {
      expect(loadIdentityConfig({ NODE_ENV: 'production', KEYCLOAK_URL: url }).keycloakUrl).toBe(url);
    },
  );

  it('takes plain http to any host outside production (the dev identity provider)', () => {
    expect(loadIdentityConfig({ KEYCLOAK_URL: 'http://keycloak:8080' }).keycloakUrl).toBe(
      'http://keycloak:8080',
    );
  });
});

describe(isLoopbackHost.name, () => {
  it('knows loopback addresses from the rest', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1', 'auth.example.fi', '127.0.0.1.nip.io', '0.0.0.0'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe(readCursorSecret.name, () => {
  it.each([
    ['unset', {}],
    ['the development secret', { CURSOR_SECRET: DEV_CURSOR_SECRET }],
    ['too short', { CURSOR_SECRET: 'short' }],
  ])('refuses a CURSOR_SECRET %s in production, naming it', (_label, env) => {
    expect(() => readCursorSecret({ NODE_ENV: 'production', ...env })).toThrow(ConfigError);
    expect(() => readCursorSecret({ NODE_ENV: 'production', ...env })).toThrow(/CURSOR_SECRET/);
  });

  it('takes a secret of its own in production, and the development one outside it', () => {
    const own = 'k'.repeat(32);
    expect(readCursorSecret({ NODE_ENV: 'production', CURSOR_SECRET: own })).toBe(own);
    expect(readCursorSecret({})).toBe(DEV_CURSOR_SECRET);
  });
});

describe(`${loadCommonConfig.name}: EVENTS_STREAM_REPLICAS`, () => {
  it('keeps one copy of the streams by default and takes 3 for a three-node cluster', () => {
    expect(loadCommonConfig('clients', {}).eventsStreamReplicas).toBe(1);
    expect(loadCommonConfig('clients', { EVENTS_STREAM_REPLICAS: '3' }).eventsStreamReplicas).toBe(3);
  });

  it('refuses zero and what is not a whole number', () => {
    expect(() => loadCommonConfig('clients', { EVENTS_STREAM_REPLICAS: '0' })).toThrow(ConfigError);
    expect(() => loadCommonConfig('clients', { EVENTS_STREAM_REPLICAS: 'three' })).toThrow(
      'EVENTS_STREAM_REPLICAS must be an integer >= 1',
    );
  });
});
