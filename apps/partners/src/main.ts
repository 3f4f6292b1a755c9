import 'reflect-metadata';
import { loadCommonConfig } from '#config';
import { runService } from '#service-core';
import { PartnersAppModule } from './app.module.js';

const config = loadCommonConfig('partners');
await runService(PartnersAppModule.forRoot(config), config);
