import 'reflect-metadata';
import { loadCommonConfig, loadConfigOrExit } from '#config';
import { runService } from '#service-core';
import { AuditAppModule } from './app.module.js';

// A configuration error (e.g. a missing key in production) exits naming the variable, before anything connects.
const config = loadConfigOrExit(() => loadCommonConfig('audit'));
await runService(
  loadConfigOrExit(() => AuditAppModule.forRoot(config)),
  config,
);
