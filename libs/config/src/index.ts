export * from './env.js';
export * from './nats.js';
export * from './gateway-limits.js';
export * from './keys.js';
