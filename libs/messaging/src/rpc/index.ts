export * from './envelope.js';
export * from './service-client.js';
export * from './rpc-error.filter.js';
export * from './nats-transport.js';
export * from './envelope-payload.pipe.js';
