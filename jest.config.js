// Jest on ESM: run through `npm test` (node --experimental-vm-modules).
import { availableParallelism } from 'node:os';

const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#(auth|config|contracts|database|dev-idp|i18n|messaging|observability|service-core|testing)$':
      '<rootDir>/libs/$1/src/index.ts',
    // The entry points that are not a lib's index: escapeHtml without the rest of #i18n, and the
    // database administration without TypeORM (for the launcher).
    '^#i18n/escape-html$': '<rootDir>/libs/i18n/src/escape-html.ts',
    '^#database/admin$': '<rootDir>/libs/database/src/admin.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }] },
  testEnvironment: 'node',
};

export default {
  // Most suites wait on PostgreSQL, NATS, servers and timers rather than compute, so two workers
  // even on two cores (Jest's default there is one): the whole run in 275–346 s here instead of
  // 694–786 s with one.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // Integration and system tests start real servers; unit tests finish long before this.
  testTimeout: 60_000,
  // PostgreSQL and NATS: the configured or local ones, else embedded ones (tests/support/global-setup.mjs).
  globalSetup: '<rootDir>/tests/support/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.int-spec.ts'],
    },
    {
      // The portal's components in a DOM (jsdom), compiled to CommonJS by ts-jest.
      displayName: 'portal',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/portal/**/*.test.tsx'],
      moduleFileExtensions: ['js', 'json', 'ts', 'tsx'],
      moduleNameMapper: { '\\.css$': '<rootDir>/apps/portal/test/style-stub.ts' },
      setupFiles: ['<rootDir>/apps/portal/test/setup.ts'],
      transform: {
        '^.+\\.tsx?$': [
          'ts-jest',
          {
            tsconfig: { jsx: 'react-jsx', module: 'commonjs', esModuleInterop: true, isolatedModules: true },
          },
        ],
      },
    },
    {
      // Chromium against the whole system and the built portal (built first when out of date).
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/browser/global-setup.ts',
      testTimeout: 180_000,
    },
    {
      ...shared,
      displayName: 'system',
      testMatch: ['<rootDir>/tests/system/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'security',
      testMatch: ['<rootDir>/tests/security/**/*.spec.ts'],
    },
  ],
};
