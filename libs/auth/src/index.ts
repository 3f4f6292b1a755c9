export * from './auth.guard.js';
export * from './auth.module.js';
export * from './decorators.js';
export * from './token-verifier.js';
