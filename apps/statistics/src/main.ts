import 'reflect-metadata';
import { loadCommonConfig, loadConfigOrExit } from '#config';
import { runService } from '#service-core';
import { StatisticsAppModule } from './app.module.js';

// A configuration error exits naming the variable, before anything connects.
const config = loadConfigOrExit(() => loadCommonConfig('statistics'));
await runService(
  loadConfigOrExit(() => StatisticsAppModule.forRoot(config)),
  config,
);
