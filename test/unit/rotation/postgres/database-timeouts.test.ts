import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptionsFromEnv, DEFAULT_TIMEOUT_MS, postgresDatabase } from '../../../../lambdas/rotation/postgres/database';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';
import { startPooler } from '../../../support/pooler';

describe('database timeouts', () => {
  let db: TestDatabase;
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('timeouts');
    await db.createRole('slow_user', 'slow-password');
    // Accepts TCP connections and never answers: a black-holed endpoint.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    silent.close();
    await db.drop();
  });

  it('default to 5 s and read their overrides from the environment', () => {
    expect(databaseOptionsFromEnv({})).toMatchObject({ connectTimeoutMs: DEFAULT_TIMEOUT_MS, statementTimeoutMs: DEFAULT_TIMEOUT_MS });
    expect(databaseOptionsFromEnv({ DB_CONNECT_TIMEOUT_MS: '1500', DB_STATEMENT_TIMEOUT_MS: '2500' })).toMatchObject({ connectTimeoutMs: 1500, statementTimeoutMs: 2500 });
    expect(() => databaseOptionsFromEnv({ DB_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(/DB_CONNECT_TIMEOUT_MS/);
  });

  it('gives up connecting to an endpoint that never answers', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({ DB_CONNECT_TIMEOUT_MS: '300' }));

    await expect(
      database.connect({ host: '127.0.0.1', port: silentPort, dbname: 'postgres', username: 'slow_user', password: 'slow-password', ssl: false }),
    ).rejects.toThrow(/timed out/);
  });

  it('cancels a statement that runs past the statement timeout', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({ DB_STATEMENT_TIMEOUT_MS: '200' }));
    const session = await database.connect({ host: db.server.host, port: db.server.port, dbname: db.database, username: 'slow_user', password: 'slow-password', ssl: false });

    const sleeping = session.query('SELECT pg_sleep(30)');

    await expect(sleeping).rejects.toThrow(/statement timeout/);
    await session.close();
  });

  it('bounds each statement with transaction-local settings, never startup parameters, and leaves none on the server connection (pgbouncer transaction mode)', async () => {
    // At every transaction end the stand-in reads what the server connection carries: what the
    // next client of a transaction pooler would get (pgbouncer runs no reset query in that mode).
    const pooler = await startPooler({ upstream: { host: db.server.host, port: db.server.port }, databases: { pooled: db.database }, transactionPooling: true });
    try {
      const database = postgresDatabase(databaseOptionsFromEnv({ DB_STATEMENT_TIMEOUT_MS: '700' }));
      const session = await database.connect({ host: pooler.host, port: pooler.port, dbname: 'pooled', username: 'slow_user', password: 'slow-password', ssl: false });

      const read = async () => session.query<Record<string, string>>(
        "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock, current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('application_name') AS app",
      );
      const single = await read();
      const inTransaction = await session.transaction(read);
      await session.setPassword('slow_user', 'slow-password');
      await session.close();

      const bounds = { statement: '700ms', lock: '700ms', idle: '1400ms', app: 'secrets-warden-rotation' };
      expect(single[0]).toEqual(bounds);
      expect(inTransaction[0]).toEqual(bounds);
      expect(pooler.startups.map((s) => s.outcome)).toEqual(['forwarded']);
      // Login, then the end of each of the three transactions.
      expect(pooler.boundaries).toEqual(Array.from({ length: 4 }, () => ({ statement_timeout: '0', lock_timeout: '0', idle_in_transaction_session_timeout: '0' })));
    } finally {
      await pooler.close();
    }
  });
});
