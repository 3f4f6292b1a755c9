export * from './reports.js';
export * from './payloads.js';
export * from './subjects.js';
