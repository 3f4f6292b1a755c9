// Jest on ESM: run through `npm test` (node --experimental-vm-modules).
const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#(auth|config|contracts|database|dev-idp|i18n|messaging|observability|service-core|testing)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }] },
  testEnvironment: 'node',
};

export default {
  // Integration and system tests start real servers; unit tests finish long before this.
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.int-spec.ts'],
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
