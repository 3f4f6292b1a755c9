export * from './nats-connection.js';
export * from './service-core.module.js';
export * from './run-service.js';
export * from './outbox.js';
export * from './idempotency.js';
export * from './event-consumers.js';
export * from './messaging-housekeeping.js';
export * from './cursor.js';
