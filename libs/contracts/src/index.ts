export * from './envelope.js';
export * from './errors.js';
export * from './roles.js';
export * from './subjects.js';
export * from './events.js';
