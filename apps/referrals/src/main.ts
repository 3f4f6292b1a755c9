import 'reflect-metadata';
import { loadCommonConfig } from '#config';
import { runService } from '#service-core';
import { ReferralsAppModule } from './app.module.js';

const config = loadCommonConfig('referrals');
await runService(ReferralsAppModule.forRoot(config), config);
