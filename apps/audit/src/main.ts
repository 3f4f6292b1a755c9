import 'reflect-metadata';
import { loadCommonConfig } from '#config';
import { runService } from '#service-core';
import { AuditAppModule } from './app.module.js';

const config = loadCommonConfig('audit');
await runService(AuditAppModule.forRoot(config), config);
