import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('the embedded PostgreSQL harness', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('harness');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives each test file its own database and logs in roles it creates', async () => {
    await db.createRole('harness_user', 'first-password');

    expect(await db.canLogin('harness_user', 'first-password')).toBe(true);
    expect(await db.canLogin('harness_user', 'wrong')).toBe(false);
  });

  it('speaks TLS verified against the test CA', async () => {
    const client = await db.connectAs('postgres', db.server.adminPassword, {
      ssl: { ca: readFileSync(db.server.caFile, 'utf8'), servername: 'localhost', rejectUnauthorized: true },
    });

    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await client.end();

    expect(rows[0]!.ssl).toBe(true);
  });

  it('logs every statement, so tests can prove what the server saw', async () => {
    await db.admin.query("SELECT 'harness-log-marker'");

    expect(await db.serverLogSince()).toContain('harness-log-marker');
  });
});
