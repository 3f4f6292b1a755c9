import { ConfigError, loadGatewayLimits } from './index.js';

describe(loadGatewayLimits.name, () => {
  it('trusts only a proxy on the same machine unless told how many hops, with the documented defaults', () => {
    expect(loadGatewayLimits({})).toEqual({
      trustProxy: 'loopback',
      userRateLimitPerMinute: 300,
      streamMaxPerUser: 5,
      streamMaxConnections: 1000,
      authFailureWindowMs: 60_000,
    });
    expect(loadGatewayLimits({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('refuses a TRUST_PROXY that is not a number of hops (true would trust any X-Forwarded-For)', () => {
    expect(() => loadGatewayLimits({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadGatewayLimits({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
    expect(() => loadGatewayLimits({ STREAM_MAX_PER_USER: '0' })).toThrow(/STREAM_MAX_PER_USER/);
  });
});
