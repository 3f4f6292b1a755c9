import 'reflect-metadata';
import { loadCommonConfig, loadConfigOrExit } from '#config';
import { runService } from '#service-core';
import { PartnersAppModule } from './app.module.js';

// A configuration error (e.g. a missing key in production) exits naming the variable, before anything connects.
const config = loadConfigOrExit(() => loadCommonConfig('partners'));
await runService(
  loadConfigOrExit(() => PartnersAppModule.forRoot(config)),
  config,
);
