import { Module } from '@nestjs/common';
import { NotificationsController, PreferencesController } from './notifications.controller.js';

/** The HTTP resources of the notifications service. */
@Module({ controllers: [NotificationsController, PreferencesController], providers: [] })
export class NotificationsGatewayModule {}
