import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrUpdateAlternateRole, RoleRefusedError } from '../../../../lambdas/rotation/core/postgres-roles';
import type { DatabaseSession } from '../../../../lambdas/rotation/core/ports';
import { postgresDatabase } from '../../../../lambdas/rotation/postgres/database';
import { createTestDatabase, dropRoles, quoteIdent, type TestDatabase } from '../../../support/postgres';

// The master is what RDS gives: CREATEROLE, not SUPERUSER (PostgreSQL 16+ rules: it holds ADMIN
// OPTION only on roles it created). Each test stands alone: those that create a clone, change the
// pair's passwords or attributes, or log in with another grant have users of their own; the table
// tests share a pair made once (beforeAll) and leave it as they found it.
describe('the alternate role made by the master', () => {
  const id = randomBytes(3).toString('hex');
  const master = `master_${id}`;
  const app = `App User ${id}`;
  const clone = `${app}_clone`;
  const database = postgresDatabase({ connectTimeoutMs: 5000, statementTimeoutMs: 5000, ca: async () => [] });
  let db: TestDatabase;
  let masterSession: DatabaseSession;
  const open: pg.Client[] = [];
  const roles: string[] = [];

  const login = async (user: string, password: string) => {
    const client = await db.connectAs(user, password);
    open.push(client);
    return client;
  };
  /** As on RDS, the master creates the application's role (so it holds ADMIN OPTION on it). */
  const appRole = async (name: string, password: string) => {
    roles.unshift(`${name}_clone`, name);
    await masterSession.query(`CREATE ROLE ${quoteIdent(name)} LOGIN`);
    await masterSession.setPassword(name, password);
    await db.admin.query(`GRANT ALL ON SCHEMA public TO ${quoteIdent(name)}`);
  };

  beforeAll(async () => {
    db = await createTestDatabase('alternate_role');
    await db.createRole(master, 'master-password', { createRole: true });
    masterSession = await database.connect({ host: db.server.host, port: db.server.port, dbname: db.database, username: master, password: 'master-password', ssl: false });
    await appRole(app, 'app-password-1');
    await createOrUpdateAlternateRole(masterSession, app, clone, 'clone-password-1');
  });
  afterAll(async () => {
    await Promise.all(open.map((client) => client.end()));
    await masterSession.close();
    await db.drop();
    await dropRoles([...roles, master]);
  });

  it('creates the clone, which logs in as itself and works as the original user', async () => {
    const fresh = `Fresh User ${id}`;
    await appRole(fresh, 'fresh-password-1');

    const outcome = await createOrUpdateAlternateRole(masterSession, fresh, `${fresh}_clone`, 'fresh-clone-password-1');

    const session = await login(`${fresh}_clone`, 'fresh-clone-password-1');
    const { rows } = await session.query<{ session_user: string; current_user: string }>('SELECT session_user, current_user');
    expect(outcome).toBe('created');
    expect(rows[0]).toEqual({ session_user: `${fresh}_clone`, current_user: fresh });
  });

  it('keeps a table created by the clone readable and writable by the original user', async () => {
    const asClone = await login(clone, 'clone-password-1');
    const asApp = await login(app, 'app-password-1');

    await asClone.query('CREATE TABLE made_by_clone (n int)');
    await asClone.query('INSERT INTO made_by_clone VALUES (1)');
    await asApp.query('INSERT INTO made_by_clone VALUES (2)');
    const { rows } = await asApp.query<{ n: number }>('SELECT n FROM made_by_clone ORDER BY n');

    expect(rows.map((r) => r.n)).toEqual([1, 2]);
  });

  it('keeps a table created by the original user readable and writable by the clone', async () => {
    const asClone = await login(clone, 'clone-password-1');
    const asApp = await login(app, 'app-password-1');

    await asApp.query('CREATE TABLE made_by_app (n int)');
    await asApp.query('INSERT INTO made_by_app VALUES (1)');
    await asClone.query('UPDATE made_by_app SET n = 10');
    await asClone.query('INSERT INTO made_by_app VALUES (2)');
    const { rows } = await asClone.query<{ n: number }>('SELECT n FROM made_by_app ORDER BY n');

    expect(rows.map((r) => r.n)).toEqual([2, 10]);
  });

  it('only sets the password when the pair already exists, in either direction, even when the original holds more attributes', async () => {
    const user = `Paired User ${id}`;
    await appRole(user, 'app-password-1');
    expect(await createOrUpdateAlternateRole(masterSession, user, `${user}_clone`, 'clone-password-1')).toBe('created');
    await db.admin.query(`ALTER ROLE ${quoteIdent(user)} CREATEDB`);

    expect(await createOrUpdateAlternateRole(masterSession, `${user}_clone`, user, 'app-password-2')).toBe('updated');
    expect(await createOrUpdateAlternateRole(masterSession, user, `${user}_clone`, 'clone-password-2')).toBe('updated');

    expect(await db.canLogin(user, 'app-password-2')).toBe(true);
    expect(await db.canLogin(`${user}_clone`, 'clone-password-2')).toBe(true);
    expect(await db.canLogin(user, 'app-password-1')).toBe(false);
  });

  it('lets the clone connect where only the original was granted CONNECT', async () => {
    const user = `Connecting User ${id}`;
    await appRole(user, 'app-password-1');
    await createOrUpdateAlternateRole(masterSession, user, `${user}_clone`, 'clone-password-2');
    await db.admin.query(`REVOKE CONNECT ON DATABASE ${quoteIdent(db.database)} FROM PUBLIC`);
    await db.admin.query(`GRANT CONNECT ON DATABASE ${quoteIdent(db.database)} TO ${quoteIdent(user)}`);

    const login = database.connect({ host: db.server.host, port: db.server.port, dbname: db.database, username: `${user}_clone`, password: 'clone-password-2', ssl: false });
    const session = await login.catch((error: Error) => error);
    if (!(session instanceof Error)) await session.close();
    await db.admin.query(`GRANT CONNECT ON DATABASE ${quoteIdent(db.database)} TO PUBLIC`);

    expect(session).not.toBeInstanceOf(Error);
  });

  it('refuses to take over an existing role that is not the user\'s pair, and changes nothing', async () => {
    const stranger = `stranger_${id}`;
    await masterSession.query(`CREATE ROLE ${quoteIdent(`${stranger}_clone`)} LOGIN`);
    await masterSession.setPassword(`${stranger}_clone`, 'stranger-password');
    await masterSession.query(`CREATE ROLE ${quoteIdent(stranger)} LOGIN`);

    const attempt = createOrUpdateAlternateRole(masterSession, stranger, `${stranger}_clone`, 'taken-over');

    await expect(attempt).rejects.toThrow(RoleRefusedError);
    await expect(attempt).rejects.toThrow(/is not a member of/);
    expect(await db.canLogin(`${stranger}_clone`, 'stranger-password')).toBe(true);
    await dropRoles([`${stranger}_clone`, stranger]);
  });

  it('refuses an existing pair member that holds attributes the user lacks', async () => {
    const user = `plain_${id}`;
    await db.admin.query(`CREATE ROLE ${quoteIdent(user)} LOGIN`);
    await db.admin.query(`CREATE ROLE ${quoteIdent(`${user}_clone`)} LOGIN CREATEDB IN ROLE ${quoteIdent(user)}`);

    await expect(createOrUpdateAlternateRole(masterSession, user, `${user}_clone`, 'x-password')).rejects.toThrow(/rolcreatedb/);
    await dropRoles([`${user}_clone`, user]);
  });
});
