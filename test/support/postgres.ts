// Per-test-file PostgreSQL fixtures over the one server the global setup started.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { PostgresServerInfo } from './global-setup';

export interface TestDatabase {
  server: PostgresServerInfo;
  /** Name of the database created for this test file. */
  database: string;
  /** Superuser connected to `database`; close it with `drop()`. */
  admin: pg.Client;
  /** Opens a connection as `user` to `database` (plaintext on loopback unless ssl is given). */
  connectAs(user: string, password: string, options?: { ssl?: boolean | object }): Promise<pg.Client>;
  /** True when `user` can log in with `password`. */
  canLogin(user: string, password: string): Promise<boolean>;
  /** Creates a LOGIN role with the password, owning nothing; quoted as an identifier. */
  createRole(user: string, password: string, options?: { superuser?: boolean; createRole?: boolean }): Promise<void>;
  /**
   * Server log written since this database was created, read only once a marker statement sent
   * now has reached it: the log travels through a pipe to the harness, so a plain read could miss
   * the last statements and let an absence check pass vacuously.
   */
  serverLogSince(): Promise<string>;
  /**
   * Drops a role the code under test created (e.g. `<user>_clone`) if it exists, over the admin
   * connection: what it owns or was granted in this database goes first. No new session, so
   * a test can reset between many runs cheaply (each PostgreSQL login costs tens of ms here).
   */
  dropRoleIfExists(role: string): Promise<void>;
  /** Drops the database and every role created through createRole. */
  drop(): Promise<void>;
}

export function postgresServer(): PostgresServerInfo {
  return inject('postgres');
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function readLogFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

function logSize(file: string): number {
  try {
    return readFileSync(file).length;
  } catch {
    return 0;
  }
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const server = postgresServer();
  const suffix = randomBytes(4).toString('hex');
  const database = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${suffix}`;
  const bootstrap = new pg.Client({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database: 'postgres' });
  await bootstrap.connect();
  await bootstrap.query(`CREATE DATABASE ${quoteIdent(database)}`);
  await bootstrap.end();

  const admin = new pg.Client({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database });
  await admin.connect();
  const roles: string[] = [];
  const logStart = logSize(server.logFile);

  const connectAs = async (user: string, password: string, options: { ssl?: boolean | object } = {}) => {
    const client = new pg.Client({ host: server.host, port: server.port, user, password, database, ssl: options.ssl ?? false, connectionTimeoutMillis: 5000 });
    await client.connect();
    return client;
  };

  return {
    server,
    database,
    admin,
    connectAs,
    async canLogin(user, password) {
      try {
        const client = await connectAs(user, password);
        await client.end();
        return true;
      } catch {
        return false;
      }
    },
    async createRole(user, password, options = {}) {
      const attrs = ['LOGIN', options.superuser ? 'SUPERUSER' : '', options.createRole ? 'CREATEROLE' : ''].filter(Boolean).join(' ');
      // Test setup only: the password is a literal produced by the test itself.
      await admin.query(`CREATE ROLE ${quoteIdent(user)} ${attrs} PASSWORD '${password.replace(/'/g, "''")}'`);
      await admin.query(`GRANT ALL ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(user)}`);
      await admin.query(`GRANT ALL ON SCHEMA public TO ${quoteIdent(user)}`);
      roles.push(user);
    },
    async serverLogSince() {
      const marker = `harness-log-flush-${randomBytes(6).toString('hex')}`;
      await admin.query(`SELECT '${marker}'`);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const log = readLogFrom(server.logFile, logStart);
        if (log.includes(marker)) return log;
        if (Date.now() > deadline) throw new Error(`the server log never showed ${marker}: is log_statement = 'all' on?`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async dropRoleIfExists(role) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!rowCount) return;
      await admin.query(`DROP OWNED BY ${quoteIdent(role)} CASCADE`);
      await admin.query(`DROP ROLE ${quoteIdent(role)}`);
    },
    async drop() {
      await admin.end();
      const cleanup = new pg.Client({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database: 'postgres' });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
      for (const role of roles) {
        // Roles created during the test by the code under test (e.g. `<user>_clone`) are dropped by their test.
        await cleanup.query(`DROP OWNED BY ${quoteIdent(role)} CASCADE`).catch(() => undefined);
        await cleanup.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).catch(() => undefined);
      }
      await cleanup.end();
    },
  };
}

/** Roles are cluster-wide and outlive a test database: drops roles a test's code under test created (e.g. `<user>_clone`). */
export async function dropRoles(roles: readonly string[]): Promise<void> {
  const server = postgresServer();
  const cleanup = new pg.Client({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database: 'postgres' });
  await cleanup.connect();
  for (const role of roles) {
    await cleanup.query(`DROP OWNED BY ${quoteIdent(role)} CASCADE`).catch(() => undefined);
    await cleanup.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).catch(() => undefined);
  }
  await cleanup.end();
}
