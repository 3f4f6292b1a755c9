import { ConfigError, loadCommonConfig } from '#config';
import { loadNotificationsConfig } from './config.js';

describe('the notifications service’s settings', () => {
  const common = loadCommonConfig('notifications', {});

  it('sends the daily digests at 07:00 on the Helsinki clock unless DIGEST_HOUR says otherwise', () => {
    expect(loadNotificationsConfig(common, {}).digestHour).toBe(7);
    expect(loadNotificationsConfig(common, { DIGEST_HOUR: '0' }).digestHour).toBe(0);
    expect(loadNotificationsConfig(common, { DIGEST_HOUR: '23' }).digestHour).toBe(23);
  });

  it.each(['24', '-1', '7.5', 'seven'])('refuses DIGEST_HOUR=%s', (value) => {
    expect(() => loadNotificationsConfig(common, { DIGEST_HOUR: value })).toThrow(ConfigError);
  });

  it('refuses the replaced DIGEST_HOUR_UTC rather than ignore it silently', () => {
    expect(() => loadNotificationsConfig(common, { DIGEST_HOUR_UTC: '5' })).toThrow(
      /DIGEST_HOUR_UTC was replaced by DIGEST_HOUR/,
    );
  });
});
