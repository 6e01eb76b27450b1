import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropRoles, type TestDatabase } from '../../support/postgres';
import { startPooler, type Pooler } from '../../support/pooler';
import { runbookAnchors } from '../../support/runbook-anchors';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from '../../support/secrets-manager-double';
import { postgresRollback } from '../../../lambdas/rotation/core/postgres-rollback';
import { rollback, ROLLBACK_ACTION } from '../../../lambdas/rotation/core/rollback';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { ALL_STEPS, createApplicationRole, rotateFully, rotationFixture, startRotation, uniqueSuffix, valueOf, type RotationFixture } from './support';

// Most production databases sit behind pgbouncer or RDS Proxy. The stand-in refuses startup
// parameters pgbouncer refuses, serves the alias `orders` for the server database and (`pooler`)
// reads the server connection's settings at every transaction end, as pgbouncer's transaction
// mode hands it on there; the secrets name the pooler (host, port, alias) with ssl false (the
// stand-in answers SSLRequest with 'N').
describe('rotation through a connection pooler (pgbouncer stand-in)', () => {
  const id = uniqueSuffix();
  const alias = `orders_${id}`;
  const master = { username: `master_${id}`, password: 'master-Password-0001' };
  const single = { username: `app_single_${id}`, password: 'single-Password-0001' };
  const alternating = { username: `app_alt_${id}`, password: 'alt-Password-0001' };
  let db: TestDatabase;
  let pooler: Pooler;
  let lenient: Pooler;
  let fixture: RotationFixture;
  /** The secrets the rotation tests rotated, for the rollback test. */
  const rotated = { single: '', alternating: '' };

  const viaPooler = (through: Pooler, fields: Record<string, unknown>) =>
    JSON.stringify({ engine: 'postgres', host: through.host, port: through.port, dbname: alias, ssl: false, ...fields });
  const logsInThrough = async (through: Pooler, username: string, password: string) => {
    const client = new pg.Client({ host: through.host, port: through.port, database: alias, user: username, password, ssl: false });
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('pooler');
    const upstream = { host: db.server.host, port: db.server.port };
    // In transaction mode, so that every transaction end shows what the next client would find.
    pooler = await startPooler({ upstream, databases: { [alias]: db.database }, transactionPooling: true });
    // A pooler configured to drop the timeout parameters (ignore_startup_parameters): only the alias matters then.
    lenient = await startPooler({ upstream, databases: { [alias]: db.database }, ignoreStartupParameters: ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'] });
    await db.createRole(single.username, single.password);
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, alternating);
    fixture = rotationFixture(db);
  });
  afterAll(async () => {
    fixture.sm.restore();
    await pooler.close();
    await lenient.close();
    await db.drop();
    await dropRoles([`${alternating.username}_clone`, alternating.username, master.username]);
  });

  it('the stand-in refuses a timeout startup parameter as pgbouncer does and maps the alias', async () => {
    const refused = new pg.Client({ host: pooler.host, port: pooler.port, database: alias, user: single.username, password: single.password, ssl: false, statement_timeout: 1000 });
    await expect(refused.connect()).rejects.toThrow('unsupported startup parameter: statement_timeout');
    await refused.end().catch(() => undefined);

    const client = new pg.Client({ host: pooler.host, port: pooler.port, database: alias, user: single.username, password: single.password, ssl: false });
    await client.connect();
    const rows = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows.rows[0]!.db).toBe(db.database);
  });

  it('single user: two full rotations through the pooler, each ending with only the new password working', async () => {
    const arn = fixture.sm.double.seed({ name: `dev/${single.username}`, secretString: viaPooler(pooler, single) });
    rotated.single = arn;
    for (let rotation = 1; rotation <= 2; rotation += 1) {
      const before = valueOf(fixture, arn, AWSCURRENT)!;

      const results = await rotateFully(fixture, arn);

      const current = valueOf(fixture, arn, AWSCURRENT)!;
      expect(results.map((r) => r.outcome)).toEqual(['completed', 'completed', 'completed', 'completed']);
      expect(current).toMatchObject({ host: pooler.host, port: pooler.port, dbname: alias, ssl: false });
      expect(await logsInThrough(pooler, single.username, current.password)).toBe(true);
      expect(await db.canLogin(single.username, before.password)).toBe(false);
      expect(fixture.sm.double.versionAt(arn, AWSPENDING)).toBeUndefined();
    }
    expect(pooler.startups.filter((s) => s.outcome !== 'forwarded')).toEqual([expect.objectContaining({ outcome: 'unsupported startup parameter: statement_timeout' })]);
  });

  it('alternating users: two full rotations through the pooler (clone created, then the original updated)', async () => {
    const masterArn = fixture.sm.double.seed({ name: `dev/${master.username}`, secretString: viaPooler(pooler, master) });
    const arn = fixture.sm.double.seed({ name: `dev/${alternating.username}`, secretString: viaPooler(pooler, { ...alternating, masterarn: masterArn }) });
    rotated.alternating = arn;
    const users: string[] = [];
    for (let rotation = 1; rotation <= 2; rotation += 1) {
      const results = await rotateFully(fixture, arn);

      const current = valueOf(fixture, arn, AWSCURRENT)!;
      users.push(current.username);
      expect(results.map((r) => r.outcome)).toEqual(['completed', 'completed', 'completed', 'completed']);
      expect(await logsInThrough(pooler, current.username, current.password)).toBe(true);
    }
    expect(users).toEqual([`${alternating.username}_clone`, alternating.username]);
  });

  it('rollback through the pooler: each secret back on AWSPREVIOUS, which logs in through it (single user: the old password set back)', async () => {
    const deps = { store: fixture.deps.store, database: postgresRollback(fixture.database) };
    for (const [arn, database] of [[rotated.single, 'restored'], [rotated.alternating, 'already-accepted']] as const) {
      const previous = valueOf(fixture, arn, AWSPREVIOUS)!;

      const result = await rollback({ action: ROLLBACK_ACTION, secretId: arn }, deps);

      expect(result).toMatchObject({ outcome: 'rolled-back', database });
      expect(valueOf(fixture, arn, AWSCURRENT)).toEqual(previous);
      expect(await logsInThrough(pooler, previous.username, previous.password)).toBe(true);
    }
  });

  it('leaves no timeout of its own on a server connection at any transaction end (pgbouncer transaction mode passes it to another client there)', () => {
    const defaults = { statement_timeout: '0', lock_timeout: '0', idle_in_transaction_session_timeout: '0' };
    // Logins and the statements of four rotations of two kinds and two rollbacks.
    expect(pooler.boundaries.length).toBeGreaterThan(20);
    expect(pooler.boundaries.filter((seen) => JSON.stringify(seen) !== JSON.stringify(defaults))).toEqual([]);
  });

  it('a pooler that checks passwords against a static list (auth_file): testSecret fails naming the pooler and the runbook, and passes once the list has the new password', async () => {
    const user = `app_static_${id}`;
    await db.createRole(user, 'static-Password-0001');
    let listIsStale = false;
    const staticList = await startPooler({ upstream: { host: db.server.host, port: db.server.port }, databases: { [alias]: db.database }, refusesPasswordOf: (name) => listIsStale && name === user });
    try {
      const arn = fixture.sm.double.seed({ name: `dev/${user}`, secretString: viaPooler(staticList, { username: user, password: 'static-Password-0001' }) });
      const event = await startRotation(fixture.sm.client, arn);
      for (const step of ALL_STEPS.slice(0, 2)) await rotate(event(step), fixture.deps);
      // setSecret changed the server's password; the pooler's list still holds the old one.
      listIsStale = true;

      await expect(rotate(event('testSecret'), fixture.deps)).rejects.toThrow(/SASL authentication failed; the connection pooler refused the new password: .*auth_query.*docs\/runbooks\.md#rotation-behind-a-pooler/);

      expect(runbookAnchors()).toContain('rotation-behind-a-pooler');

      listIsStale = false;
      for (const step of ALL_STEPS.slice(2)) await rotate(event(step), fixture.deps);
      expect(await logsInThrough(staticList, user, valueOf(fixture, arn, AWSCURRENT)!.password)).toBe(true);
    } finally {
      await staticList.close();
    }
  });

  it('behind an alias, a single-user rotation completes and never leaves AWSCURRENT unable to log in (testSecret proves the login, not the server database name)', async () => {
    const user = `app_alias_${id}`;
    await db.createRole(user, 'alias-Password-0001');
    const arn = fixture.sm.double.seed({ name: `dev/${user}`, secretString: viaPooler(lenient, { username: user, password: 'alias-Password-0001' }) });
    const event = await startRotation(fixture.sm.client, arn);

    for (const step of ALL_STEPS) {
      await rotate(event(step), fixture.deps);
      // Invariant 2: after every step some stored version logs in through the pooler.
      const candidates = [valueOf(fixture, arn, AWSCURRENT), valueOf(fixture, arn, AWSPENDING)].filter((v) => v !== undefined);
      const works = await Promise.all(candidates.map((v) => logsInThrough(lenient, user, v.password)));
      expect(works).toContain(true);
    }
    expect(await logsInThrough(lenient, user, valueOf(fixture, arn, AWSCURRENT)!.password)).toBe(true);
  });
});
