export * from './data-source.js';
export * from './pg-admin.js';
