export * from './env.js';
export * from './keys.js';
