import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './scripts/eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/unbound-method': 'off',
      eqeqeq: 'error',
      curly: 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // Guardrails (issue 17): code another engineer can carry on.
    plugins: { moni: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      'moni/module-boundaries': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 15],
      'no-nested-ternary': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // A test file tells one story end to end, with its fixtures: longer, still bounded. A test may
    // assert presence with `!`: a null there fails the test at once, which is the point.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.test.tsx', 'tests/**/*.ts', '**/test/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 1200, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['*.js', '**/*.mjs', 'scripts/**/*.js'], ...tseslint.configs.disableTypeChecked },
);
