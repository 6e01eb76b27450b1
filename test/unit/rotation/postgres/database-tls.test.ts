import { createServer, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptionsFromEnv, postgresDatabase } from '../../../../lambdas/rotation/postgres/database';
import { rdsCaBundle } from '../../../../lambdas/rotation/postgres/tls';
import { rootCertificates } from 'node:tls';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';

describe('TLS to the database', () => {
  let db: TestDatabase;
  let refusesTls: Server;
  let refusesTlsPort: number;
  beforeAll(async () => {
    db = await createTestDatabase('tls');
    await db.createRole('tls_user', 'tls-password');
    // Answers every SSLRequest with 'N', as a server without TLS (or an attacker in the path) would.
    refusesTls = createServer((socket) => socket.on('data', () => socket.write('N')));
    await new Promise<void>((resolve) => refusesTls.listen(0, '127.0.0.1', resolve));
    refusesTlsPort = (refusesTls.address() as { port: number }).port;
  });
  afterAll(async () => {
    refusesTls.close();
    await db.drop();
  });

  const connection = (overrides: object = {}) => ({ host: db.server.host, port: db.server.port, dbname: db.database, username: 'tls_user', password: 'tls-password', ssl: true, ...overrides });

  it('verifies the certificate against the extra CA file and uses TLS when ssl is true', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({ EXTRA_CA_FILE: db.server.caFile }));

    const session = await database.connect(connection());
    const rows = await session.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await session.close();

    expect(rows[0]!.ssl).toBe(true);
  });

  it('trusts the Amazon RDS CA bundle and the system roots alongside the extra CA', async () => {
    const trusted = await databaseOptionsFromEnv({ EXTRA_CA_FILE: db.server.caFile }).ca();

    const rds = await rdsCaBundle();
    expect(rds.length).toBeGreaterThan(100);
    expect(rds.every((pem) => pem.includes('-----BEGIN CERTIFICATE-----'))).toBe(true);
    expect(trusted).toEqual(expect.arrayContaining([...rootCertificates, ...rds, readFileSync(db.server.caFile, 'utf8')]));
  });

  it('fails the cold start, naming the variable, when the extra CA file cannot be read', () => {
    expect(() => databaseOptionsFromEnv({ EXTRA_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/environment variable EXTRA_CA_FILE: cannot read/);
  });

  it('refuses a server whose certificate chains to an unknown CA', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({}));

    await expect(database.connect(connection())).rejects.toThrow(/certificate/i);
  });

  it('refuses a host name the certificate does not name', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({ EXTRA_CA_FILE: db.server.caFile }));

    // `127.1` resolves to 127.0.0.1 but is neither of the certificate's names (localhost, 127.0.0.1).
    await expect(database.connect(connection({ host: '127.1' }))).rejects.toThrow(/does not match certificate/);
  });

  it('never falls back to plaintext when the server refuses TLS', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({ EXTRA_CA_FILE: db.server.caFile }));

    await expect(database.connect(connection({ port: refusesTlsPort }))).rejects.toThrow(/does not support SSL/);
  });

  it('speaks plaintext only when ssl is false', async () => {
    const database = postgresDatabase(databaseOptionsFromEnv({}));

    const session = await database.connect(connection({ ssl: false }));
    const rows = await session.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await session.close();

    expect(rows[0]!.ssl).toBe(false);
  });
});
