import 'reflect-metadata';
import { loadGatewayConfig } from '#config';
import { createGateway } from './bootstrap.js';

const config = loadGatewayConfig();
const app = await createGateway(config);
await app.listen(config.port, config.host);
