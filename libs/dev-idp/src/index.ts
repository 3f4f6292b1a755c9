export * from './dev-idp.js';
export * from './realm.js';
