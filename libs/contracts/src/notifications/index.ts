export * from './kinds.js';
export * from './payloads.js';
export * from './views.js';
export * from './subjects.js';
export * from './events.js';
export * from './errors.js';
