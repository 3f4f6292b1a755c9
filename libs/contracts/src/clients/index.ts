export * from './subjects.js';
export * from './events.js';
export * from './errors.js';
export * from './personal-identity-code.js';
export * from './payloads.js';
export * from './consent-payloads.js';
export * from './esf.js';
export * from './guidance.js';
