import 'reflect-metadata';
import { loadConfigOrExit, loadGatewayConfig } from '#config';
import { createGateway } from './bootstrap.js';

// A configuration error exits naming the variable, before anything connects.
const config = loadConfigOrExit(() => loadGatewayConfig());
const app = await createGateway(config);
await app.listen(config.port, config.host);
