import { randomBytes } from 'node:crypto';
import { ConfigError, DEVELOPMENT_SESSION_KEY, loadGatewayConfig, loadPortalConfig } from './env.js';

describe(loadPortalConfig.name, () => {
  it('has development defaults', () => {
    const portal = loadPortalConfig({});
    expect(portal).toMatchObject({
      url: 'http://127.0.0.1:3000',
      clientId: 'moni-portal',
      clientSecret: 'moni-portal-dev-secret',
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 10 * 3_600_000,
      dir: 'dist/portal',
    });
    expect(portal.sessionKey.toString('base64')).toBe(DEVELOPMENT_SESSION_KEY);
  });

  it('reads the variables', () => {
    const key = randomBytes(32).toString('base64');
    const portal = loadPortalConfig({
      PORTAL_URL: 'https://moni.example/',
      PORTAL_CLIENT_SECRET: 's3cret',
      SESSION_KEY: key,
      SESSION_IDLE_MINUTES: '15',
      SESSION_MAX_HOURS: '8',
      PORTAL_DIR: '/srv/portal',
    });
    expect(portal).toMatchObject({
      url: 'https://moni.example',
      clientSecret: 's3cret',
      sessionIdleMs: 15 * 60_000,
      sessionMaxMs: 8 * 3_600_000,
      dir: '/srv/portal',
    });
    expect(portal.sessionKey.toString('base64')).toBe(key);
  });

  it.each([
    ['missing', {}],
    ['the development key', { SESSION_KEY: DEVELOPMENT_SESSION_KEY }],
  ])('stops the gateway in production when SESSION_KEY is %s', (_label, env) => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', ...env })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', ...env })).toThrow(/SESSION_KEY/);
  });

  it('starts in production with a key of its own', () => {
    const key = randomBytes(32).toString('base64');
    expect(loadGatewayConfig({ NODE_ENV: 'production', SESSION_KEY: key }).portal.sessionKey).toHaveLength(
      32,
    );
  });

  it.each(['short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), '!!!!'])(
    'refuses a SESSION_KEY that is not 32 bytes of base64: %p',
    (value) => {
      expect(() => loadPortalConfig({ SESSION_KEY: value })).toThrow(/SESSION_KEY/);
    },
  );

  it('refuses a PORTAL_URL that is not a URL', () => {
    expect(() => loadPortalConfig({ PORTAL_URL: 'not a url' })).toThrow(/PORTAL_URL/);
  });
});
