import { APPS, appEnvironment, nicenessOf } from './services.js';

describe(appEnvironment.name, () => {
  it('runs the demo with two malloc arenas per service, its portal where the gateway answers', () => {
    expect(appEnvironment({}, 'http://127.0.0.1:3000')).toEqual({
      DEMO_DATA: 'true',
      DEMO_HISTORY: 'true',
      PORTAL_URL: 'http://127.0.0.1:3000',
      MALLOC_ARENA_MAX: '2',
    });
  });

  it('lets the environment override each default', () => {
    const env = {
      DEMO_DATA: 'false',
      PORTAL_URL: 'https://moni.example',
      MALLOC_ARENA_MAX: '8',
      LOG_LEVEL: 'debug',
    };
    expect(appEnvironment(env, 'http://127.0.0.1:3000')).toEqual({ ...env, DEMO_HISTORY: 'true' });
  });
});

describe(nicenessOf.name, () => {
  it('lowers the priority of the services no request waits on, and of no other', () => {
    const lowered = APPS.filter((app) => nicenessOf(app) > 0);
    expect(lowered).toEqual(['notifications', 'audit', 'statistics']);
    expect(lowered.map(nicenessOf)).toEqual([5, 5, 5]);
  });
});
