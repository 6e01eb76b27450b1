// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependencies point one way (docs/architecture.md, "Layers"): contract/ is imported by lib/ and
// lambdas/ and imports neither; lib/ (the CDK app) and lambdas/ (the functions) never import each
// other. A NodejsFunction entry is a string path, not an import, so the app can still name one.
const layer = (...folders) => folders.map((folder) => ({
  regex: `^(\\.\\./)+${folder}(/|$)`,
  message: `contract/ is the only module shared by lib/ and lambdas/: move what both need there (docs/architecture.md, "Layers").`,
}));
const PURE_CORE = ['@aws-sdk/*', 'pg', 'pg-*', 'node:net', 'node:tls'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.tmp/', 'coverage/', 'dist/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['lib/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: layer('lambdas') }] } },
  { files: ['contract/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: layer('lambdas', 'lib') }] } },
  { files: ['lambdas/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: layer('lib') }] } },
  {
    // secrets-warden/client ships to applications: contract/ and its own dependencies only.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...layer('lambdas', 'lib', 'cli', 'scanner'), { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'], message: 'the client must not depend on the CDK (docs/architecture.md, "Layers")' }] }],
    },
  },
  {
    files: ['lambdas/**/core/**/*.ts'],
    rules: {
      // The core is pure: it talks to ports, never to an SDK client or the database driver.
      'no-restricted-imports': ['error', { patterns: [{ group: PURE_CORE }, ...layer('lib')] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
