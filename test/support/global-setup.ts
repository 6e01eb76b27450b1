// Starts one real PostgreSQL for the whole test run (no Docker, no system service).
// Each test file then creates its own database and roles through test/support/postgres.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres-server';
// @ts-expect-error -- a plain ESM script without types (it also runs as `npm run prepare`)
import { buildAll } from '../../scripts/build.mjs';

export interface PostgresServerInfo {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  /** Server log (log_statement = 'all'): tests read it to prove no password reached the server in plaintext. */
  logFile: string;
  /** PEM of the CA that signed the server certificate (the server speaks TLS for localhost and 127.0.0.1). */
  caFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresServerInfo;
  }
}

// embedded-postgres registers async-exit-hook, which ends the process with process.exit(0) on
// 'beforeExit': that turned vitest's failing exit code into 0, so a failed test run exited 0.
// Keep whatever code vitest set by then.
let exitCodeBeforeHooks: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  exitCodeBeforeHooks ??= process.exitCode;
});
process.prependListener('exit', () => {
  if (exitCodeBeforeHooks) process.exitCode = exitCodeBeforeHooks;
});

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // dist/ (the CLI and the client library) is rebuilt from the sources the tests run against.
  await buildAll();
  // The built CLI caches compiled code for every command it runs, `scan` included (docs/cli.md,
  // "Cache"): subprocesses of the tests use a private directory (removed at the end), never the
  // developer's ~/.cache. Test files that need their own set XDG_CACHE_HOME themselves.
  const cacheHome = mkdtempSync(join(tmpdir(), 'warden-test-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
  const server = await startEmbeddedPostgres({ name: 'secrets-warden-pg', logStatements: true, maxConnections: 300 });
  const { host, port, adminUser, adminPassword, caFile } = server;
  project.provide('postgres', { host, port, adminUser, adminPassword, caFile, logFile: server.logFile! });
  return async () => {
    await server.stop();
    rmSync(cacheHome, { recursive: true, force: true });
  };
}
