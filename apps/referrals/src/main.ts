import 'reflect-metadata';
import { runService } from '#service-core';
import { ReferralsAppModule } from './app.module.js';
import { loadReferralsConfig } from './config.js';

const config = loadReferralsConfig();
await runService(ReferralsAppModule.forRoot(config), config);
