export * from './subjects.js';
export * from './events.js';
export * from './errors.js';
export * from './payloads.js';
export * from './statistics.js';
