// Starts one real PostgreSQL for the whole test run (no Docker, no system service).
// Each test file then creates its own database and roles through test/support/postgres.ts.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres-server';

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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmbeddedPostgres({ name: 'secrets-warden-pg', logStatements: true, maxConnections: 300 });
  const { host, port, adminUser, adminPassword, caFile } = server;
  project.provide('postgres', { host, port, adminUser, adminPassword, caFile, logFile: server.logFile! });
  return () => server.stop();
}
