import 'reflect-metadata';
import { loadCommonConfig } from '#config';
import { runService } from '#service-core';
import { ClientsAppModule } from './app.module.js';

const config = loadCommonConfig('clients');
await runService(ClientsAppModule.forRoot(config), config);
