import 'reflect-metadata';
import { loadCommonConfig } from '#config';
import { runService } from '#service-core';
import { NotificationsAppModule } from './app.module.js';

const config = loadCommonConfig('notifications');
await runService(NotificationsAppModule.forRoot(config), config);
