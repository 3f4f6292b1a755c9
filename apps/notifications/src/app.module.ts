import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceCoreModule } from '#service-core';
import { loadNotificationsConfig } from './config.js';
import { Notifications1764600000000 } from './migrations/1764600000000-Notifications.js';
import { NotificationDedupe1764700000000 } from './migrations/1764700000000-NotificationDedupe.js';
import { NotificationsModule } from './notifications.module.js';

/** The notifications service: in-app notifications, e-mail over SMTP, preferences. */
@Module({})
export class NotificationsAppModule {
  /** Its own settings (SMTP_URL, PORTAL_URL, …) come from `env`. */
  static forRoot(config: CommonConfig, env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: NotificationsAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'notifications',
          config,
          entities: [],
          migrations: [Notifications1764600000000, NotificationDedupe1764700000000],
        }),
        NotificationsModule.forRoot(loadNotificationsConfig(config, env)),
      ],
    };
  }
}
