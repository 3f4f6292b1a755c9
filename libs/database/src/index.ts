export * from './data-source.js';
export * from './pg-admin.js';
export * from './field-cipher.js';
export * from './reencrypt.js';
export * from './roles.js';
export * from './errors.js';
export * from './query-logger.js';
