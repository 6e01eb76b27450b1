import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['aws-sdk-client-mock-vitest/extend'],
    // Generous: the suite must also pass on a busy machine (subprocess CLIs, synths, crash injection).
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: synthesizing CDK apps and running PostgreSQL compete for them.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
