// The database administration the launcher and scripts need (databases, roles), without TypeORM:
// `npm start` imports this, so that its own process stays small.
export * from './pg-admin.js';
export * from './roles.js';
