import { Module, type DynamicModule } from '@nestjs/common';
import { serviceClientProvider } from '#messaging';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from './config.js';
import { DeliveryRepository } from './email/delivery.repository.js';
import { EmailDispatcher, MAILER } from './email/email-dispatcher.js';
import { smtpMailer } from './email/mailer.js';
import { NotificationController } from './inbox/notification.controller.js';
import { NotificationRepository } from './inbox/notification.repository.js';
import { NotificationService } from './inbox/notification.service.js';
import { PreferencesController } from './preferences/preferences.controller.js';
import { PreferencesRepository } from './preferences/preferences.repository.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { NotificationEventConsumers } from './routing/event-consumers.js';
import { EventRouter } from './routing/event-router.service.js';

/** In-app notifications, preferences, the event consumers that route events, and e-mail delivery. */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [NotificationController, PreferencesController],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        {
          provide: MAILER,
          useFactory: () =>
            smtpMailer({ url: config.smtpUrl, from: config.mailFrom, timeoutMs: config.smtpTimeoutMs }),
        },
        serviceClientProvider('notifications', config),
        NotificationRepository,
        NotificationService,
        PreferencesRepository,
        PreferencesService,
        DeliveryRepository,
        EmailDispatcher,
        EventRouter,
        NotificationEventConsumers,
      ],
      exports: [EmailDispatcher],
    };
  }
}
