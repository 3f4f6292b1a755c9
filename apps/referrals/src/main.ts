import 'reflect-metadata';
import { loadConfigOrExit } from '#config';
import { runService } from '#service-core';
import { ReferralsAppModule } from './app.module.js';
import { loadReferralsConfig } from './config.js';

// A configuration error (e.g. a missing key in production) exits naming the variable, before anything connects.
const config = loadConfigOrExit(() => loadReferralsConfig());
await runService(ReferralsAppModule.forRoot(config), config);
