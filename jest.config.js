// Jest on ESM: run through `npm test` (node --experimental-vm-modules).
const shared = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#(auth|config|contracts|database|dev-idp|messaging|observability|service-core|testing)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }] },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.int-spec.ts'],
      testTimeout: 60_000,
    },
    {
      ...shared,
      displayName: 'system',
      testMatch: ['<rootDir>/tests/system/**/*.spec.ts'],
      testTimeout: 90_000,
    },
  ],
};
