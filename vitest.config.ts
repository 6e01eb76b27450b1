import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** What every project of the suite shares (projects do not inherit the root's test options). */
const common: NonNullable<TestProjectInlineConfiguration['test']> = {
  // temporary-directory-cleanup: what a file made with temporaryDirectory() outside its tests goes after it.
  setupFiles: ['aws-sdk-client-mock-vitest/extend', 'test/support/temporary-directory-cleanup.ts'],
  // Generous: the suite must also pass on a busy machine (subprocess CLIs, synths, crash injection).
  testTimeout: 180_000,
  hookTimeout: 120_000,
  pool: 'forks',
};

/** Files run by the 'in-process' project; every other test file gets a process of its own. */
const IN_PROCESS = [
  'test/unit/**/*.test.ts',
  'test/infra/**/*.test.ts',
  'test/integration/rotation/**/*.test.ts',
  'test/integration/compliance/**/*.test.ts',
  'test/integration/client/**/*.test.ts',
  'test/integration/inventory/**/*.test.ts',
];

export default defineConfig({
  test: {
    // Runs once for the whole run (the root project), whichever projects run: dist/ build and the
    // one PostgreSQL server; its provide() reaches every project.
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: synthesizing CDK apps and running PostgreSQL compete for them.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        // In-process tests share a worker's module graph (isolate: false): a fresh process and a
        // fresh import of aws-cdk-lib, the AWS SDK and the sources for each file cost more than most
        // of these files' tests (about 3/4 of test/unit's and test/infra's run time). Files that
        // touch shared state undo it themselves: AWS SDK mocks restored, env stubs removed, a
        // handler that reads its environment at import imported after vi.resetModules().
        // test/support/in-process-cleanup.ts is the safety net after each file.
        test: { ...common, name: 'in-process', include: [...IN_PROCESS], isolate: false, setupFiles: [...(common.setupFiles ?? []), 'test/support/in-process-cleanup.ts'] },
      },
      {
        // The CLI and scanner subprocess tests (one cache directory per file, process exit hooks):
        // each file in its own process.
        test: { ...common, name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: [...IN_PROCESS] },
      },
    ],
  },
});
