import { authenticate, parseRealm, redirectUriMatches } from './realm.js';

describe('the realm export reader', () => {
  const realm = parseRealm({
    realm: 'moni',
    accessTokenLifespan: 120,
    roles: { realm: [{ name: 'advisor' }, { name: 'partner_staff' }] },
    clients: [
      {
        clientId: 'portal',
        secret: 's3cret',
        redirectUris: ['http://127.0.0.1:3000/*', 'http://app.example/cb'],
        attributes: {
          'pkce.code.challenge.method': 'S256',
          'post.logout.redirect.uris': 'http://a/*##http://b/',
        },
        protocolMappers: [
          { protocolMapper: 'oidc-audience-mapper', config: { 'included.custom.audience': 'moni-api' } },
          {
            protocolMapper: 'oidc-audience-mapper',
            config: { 'included.custom.audience': 'id-only', 'access.token.claim': 'false' },
          },
        ],
      },
      { clientId: 'off', enabled: false },
    ],
    users: [
      {
        id: 'u1',
        username: 'Advisor',
        email: 'Advisor@Moni.Example',
        credentials: [{ type: 'password', value: 'demo' }],
        realmRoles: ['advisor'],
      },
      { id: 'u2', username: 'gone', enabled: false, credentials: [{ type: 'password', value: 'demo' }] },
      { id: 'sa', username: 'service-account-portal', serviceAccountClientId: 'portal' },
    ],
  });

  it('reads clients as Keycloak defines them', () => {
    expect(realm.clients).toEqual([
      {
        clientId: 'portal',
        publicClient: false,
        secret: 's3cret',
        standardFlow: true,
        directAccessGrants: false,
        serviceAccounts: false,
        redirectUris: ['http://127.0.0.1:3000/*', 'http://app.example/cb'],
        postLogoutRedirectUris: ['http://a/*', 'http://b/'],
        pkceS256: true,
        audiences: ['moni-api'],
      },
    ]);
    expect(realm.accessTokenLifespan).toBe(120);
    expect(realm.roles).toEqual(['advisor', 'partner_staff']);
  });

  it('logs users in by username or e-mail, case-insensitively, and never disabled or service accounts', () => {
    expect(authenticate(realm, 'advisor', 'demo')?.id).toBe('u1');
    expect(authenticate(realm, 'ADVISOR@moni.example', 'demo')?.id).toBe('u1');
    expect(authenticate(realm, 'advisor', 'Demo')).toBeNull();
    expect(authenticate(realm, 'advisor', undefined)).toBeNull();
    expect(authenticate(realm, 'gone', 'demo')).toBeNull();
    expect(authenticate(realm, 'service-account-portal', '')).toBeNull();
  });

  it('refuses a file that is not a realm export', () => {
    expect(() => parseRealm({ users: [] })).toThrow(/not a Keycloak realm export/);
  });
});

describe(redirectUriMatches.name, () => {
  const registered = [
    'http://127.0.0.1:3000/*',
    'http://localhost:3000/*',
    'http://[::1]:3000/cb',
    'https://portal.example/callback',
    'https://10.0.0.1:3000/*',
  ];

  it.each([
    ['http://127.0.0.1:3000/auth/callback', true],
    ['http://127.0.0.1:3000/', true],
    ['https://portal.example/callback', true],
    ['https://portal.example/callback/x', false],
    ['http://127.0.0.1:3000.evil.example/', false],
    // A loopback IP address: any port (RFC 8252 §7.3, as Keycloak), the rest of the URI exact.
    ['http://127.0.0.1:3001/auth/callback', true],
    ['http://127.0.0.1:41234/', true],
    ['http://127.0.0.1/auth/callback', true],
    ['http://[::1]:5555/cb', true],
    ['http://[::1]:5555/cb/x', false],
    ['https://127.0.0.1:3001/auth/callback', false],
    ['http://user@127.0.0.1:3001/auth/callback', false],
    ['http://127.0.0.2:3000/auth/callback', false],
    // Not for localhost, nor for any other host.
    ['http://localhost:3000/x', true],
    ['http://localhost:3001/x', false],
    ['https://10.0.0.1:3001/x', false],
    ['https://portal.example:8443/callback', false],
  ])('%s → %s', (uri, allowed) => {
    expect(redirectUriMatches(registered, uri)).toBe(allowed);
  });
});
