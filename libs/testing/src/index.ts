export * from './test-database.js';
export * from './test-env.js';
export * from './tokens.js';
export * from './eventually.js';
export * from './built-apps.js';
export * from './outbox-manager.js';
