// The benchmark's PostgreSQL: the test harness's embedded server (TLS with the test CA,
// scram-sha-256) without the statement log, plus a superuser SQL helper.
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../test/support/embedded-postgres-server';

export interface BenchServer extends EmbeddedPostgresServer {
  /** Runs SQL as the superuser on `database`. */
  admin(sql: string, database?: string): Promise<void>;
}

export async function startPostgres(): Promise<BenchServer> {
  const server = await startEmbeddedPostgres({ name: 'secrets-warden-bench' });
  return {
    ...server,
    async admin(sql, database = 'postgres') {
      const client = new pg.Client({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  };
}
