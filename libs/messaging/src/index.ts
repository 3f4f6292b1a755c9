export * from './rpc/index.js';
export * from './events/index.js';
export * from './nats-options.js';
