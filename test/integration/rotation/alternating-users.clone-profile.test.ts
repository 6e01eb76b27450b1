import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { createTestDatabase, dropRoles, quoteIdent, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from '../../support/secrets-manager-double';
import { alternatingSetup, createApplicationRole, postgresSecretValue, rotateFully, rotationFixture, seedAlternatingSecrets, startRotation, uniqueSuffix, valueOf, type AlternatingSetup, type RotationFixture } from './support';

// Issue 9 points 4 and 5, on the real PostgreSQL: the alternating-users clone is the same user as
// its original (settings, per database too, CONNECTION LIMIT, VALID UNTIL, no extra membership),
// and a master secret caught between its own setSecret and finishSecret still serves.
describe('alternating users: the clone is the same user an application sees', () => {
  const id = uniqueSuffix();
  const master = { username: `master_p_${id}`, password: 'master-Password-0001' };
  const app = { username: `app_prof_${id}`, password: 'app-Password-0001' };
  const clone = `${app.username}_clone`;
  const schema = `orders_schema_${id}`;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let arn: string;
  let setup: AlternatingSetup;

  beforeAll(async () => {
    ({ db, fixture, arn } = setup = await alternatingSetup('clone_profile', master, app, async (db) => {
      await db.admin.query(`CREATE SCHEMA ${quoteIdent(schema)} AUTHORIZATION ${quoteIdent(app.username)}`);
      await db.admin.query(`CREATE TABLE ${quoteIdent(schema)}.orders (n int)`);
      await db.admin.query(`ALTER TABLE ${quoteIdent(schema)}.orders OWNER TO ${quoteIdent(app.username)}`);
      await db.admin.query(`INSERT INTO ${quoteIdent(schema)}.orders VALUES (42)`);
      // Role-wide search_path (with "$user", which needs each element quoted on its own), per-database statement_timeout.
      await db.admin.query(`ALTER ROLE ${quoteIdent(app.username)} SET search_path = "$user", ${quoteIdent(schema)}, public`);
      await db.admin.query(`ALTER ROLE ${quoteIdent(app.username)} IN DATABASE ${quoteIdent(db.database)} SET statement_timeout = '7s'`);
      await db.admin.query(`ALTER ROLE ${quoteIdent(app.username)} CONNECTION LIMIT 7 VALID UNTIL '2099-06-01 12:00:00+00'`);
    }));
  });
  afterAll(() => setup.teardown());

  const loginAt = (stage: string) => setup.loginAt(stage);
  const show = async (client: pg.Client, setting: 'search_path' | 'statement_timeout' | 'work_mem') => (await client.query<Record<string, string>>(`SHOW ${setting}`)).rows[0]![setting];
  const limits = async (role: string) =>
    (await db.admin.query<{ rolconnlimit: number; validuntil: string | null }>("SELECT rolconnlimit, CASE WHEN isfinite(rolvaliduntil) THEN to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') ELSE rolvaliduntil::text END AS validuntil FROM pg_roles WHERE rolname = $1", [role])).rows[0];

  it('gives the clone the original search_path, per-database statement_timeout, connection limit and validity', async () => {
    await rotateFully(fixture, arn);
    expect(valueOf(fixture, arn, AWSCURRENT)!.username).toBe(clone);

    const asClone = await loginAt(AWSCURRENT);
    const asApp = await loginAt(AWSPREVIOUS);
    for (const setting of ['search_path', 'statement_timeout'] as const) expect(await show(asClone, setting)).toBe(await show(asApp, setting));
    expect(await show(asClone, 'statement_timeout')).toBe('7s');
    expect(await show(asClone, 'search_path')).toBe(`"$user", ${schema}, public`);
    // What the application does: an unqualified table name resolves through search_path.
    expect((await asClone.query<{ n: number }>('SELECT n FROM orders')).rows).toEqual([{ n: 42 }]);
    expect(await limits(clone)).toEqual({ rolconnlimit: 7, validuntil: '2099-06-01 12:00:00' });
  });

  it('keeps the clone in step on the next rotation: changed settings follow, settings the original dropped are removed', async () => {
    await db.admin.query(`ALTER ROLE ${quoteIdent(app.username)} IN DATABASE ${quoteIdent(db.database)} RESET statement_timeout`);
    await db.admin.query(`ALTER ROLE ${quoteIdent(app.username)} SET search_path = ${quoteIdent(schema)}`);
    await db.admin.query(`ALTER ROLE ${quoteIdent(app.username)} CONNECTION LIMIT 9 VALID UNTIL 'infinity'`);
    await db.admin.query(`ALTER ROLE ${quoteIdent(clone)} SET work_mem = '8MB'`);

    // This rotation sets the original's password (the clone is AWSCURRENT): the clone is still brought in step.
    await rotateFully(fixture, arn);
    expect(valueOf(fixture, arn, AWSCURRENT)!.username).toBe(app.username);

    const asClone = await loginAt(AWSPREVIOUS);
    const asApp = await loginAt(AWSCURRENT);
    for (const setting of ['search_path', 'statement_timeout', 'work_mem'] as const) expect(await show(asClone, setting)).toBe(await show(asApp, setting));
    expect(await show(asClone, 'search_path')).toBe(schema);
    expect(await show(asClone, 'work_mem')).not.toBe('8MB');
    expect(await limits(clone)).toEqual({ rolconnlimit: 9, validuntil: 'infinity' });
    expect(await limits(clone)).toEqual(await limits(app.username));
  });

  it('testSecret fails, and finishSecret refuses, when the clone drifted from the original after setSecret', async () => {
    const event = await startRotation(fixture.sm.client, arn);
    await rotate(event('createSecret'), fixture.deps);
    await rotate(event('setSecret'), fixture.deps);
    const currentBefore = fixture.sm.double.versionAt(arn, AWSCURRENT);
    await db.admin.query(`ALTER ROLE ${quoteIdent(clone)} SET search_path = public`);

    await expect(rotate(event('testSecret'), fixture.deps)).rejects.toThrow(/differs from .* in setting search_path \(role-wide\)/);
    await expect(rotate(event('finishSecret'), fixture.deps)).rejects.toThrow(/search_path/);
    expect(fixture.sm.double.versionAt(arn, AWSCURRENT)).toBe(currentBefore);

    // Aligned again (as the error says), the same rotation completes.
    await db.admin.query(`ALTER ROLE ${quoteIdent(clone)} SET search_path = ${quoteIdent(schema)}`);
    await rotate(event('testSecret'), fixture.deps);
    await rotate(event('finishSecret'), fixture.deps);
    expect(valueOf(fixture, arn, AWSCURRENT)!.username).toBe(clone);
  });
});

describe('alternating users: an existing clone with a membership the original lacks is refused', () => {
  const id = uniqueSuffix();
  const master = { username: `master_m_${id}`, password: 'master-Password-0001' };
  const app = { username: `app_memb_${id}`, password: 'app-Password-0001' };
  const clone = `${app.username}_clone`;
  const extra = `extra_${id}`;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let arn: string;

  beforeAll(async () => {
    db = await createTestDatabase('clone_member');
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, app);
    // A clone made earlier (by a previous rotation) that someone since granted more than the user has.
    const asMaster = await db.connectAs(master.username, master.password);
    await asMaster.query(`CREATE ROLE ${quoteIdent(clone)} LOGIN`);
    await asMaster.query(`GRANT ${quoteIdent(app.username)} TO ${quoteIdent(clone)}`);
    await asMaster.query(`CREATE ROLE ${quoteIdent(extra)}`);
    await asMaster.query(`GRANT ${quoteIdent(extra)} TO ${quoteIdent(clone)}`);
    await asMaster.end();
    fixture = rotationFixture(db);
    ({ arn } = seedAlternatingSecrets(fixture, db, master, app));
  });
  afterAll(async () => {
    fixture.sm.restore();
    await db.drop();
    await dropRoles([clone, extra, app.username, master.username]);
  });

  it('fails setSecret naming the role and the REVOKE that fixes it, and changes nothing', async () => {
    const event = await startRotation(fixture.sm.client, arn);
    await rotate(event('createSecret'), fixture.deps);
    const pending = valueOf(fixture, arn, AWSPENDING)!;

    const failure = rotate(event('setSecret'), fixture.deps);
    await expect(failure).rejects.toThrow(new RegExp(`role ${clone} is a member of ${extra}, which ${app.username} is not.*REVOKE "${extra}" FROM "${clone}"`));
    expect(await db.canLogin(clone, pending.password)).toBe(false);
    expect(await db.canLogin(app.username, app.password)).toBe(true);
  });
});

describe('alternating users while the master secret is itself mid-rotation', () => {
  const id = uniqueSuffix();
  const master = { username: `master_r_${id}`, password: 'master-Password-0001' };
  const masterNewPassword = 'master-Password-0002';
  const app = { username: `app_midr_${id}`, password: 'app-Password-0001' };
  const clone = `${app.username}_clone`;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let arn: string;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('master_midrotation');
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, app);
    const record = (_message: string, attributes: Record<string, unknown>) => void logLines.push(attributes);
    fixture = rotationFixture(db, undefined, { logger: { info: record, error: record } });
    const seeded = seedAlternatingSecrets(fixture, db, master, app);
    const masterArn = seeded.masterArn;
    arn = seeded.arn;
    // The master's own single-user rotation between setSecret and finishSecret: AWSPENDING holds
    // the password the database now has, AWSCURRENT the old one.
    await fixture.sm.client.send(
      new PutSecretValueCommand({
        SecretId: masterArn,
        ClientRequestToken: randomUUID(),
        SecretString: postgresSecretValue(db, { ...master, password: masterNewPassword, dbname: 'postgres' }),
        VersionStages: [AWSPENDING],
      }),
    );
    await db.admin.query(`ALTER ROLE ${quoteIdent(master.username)} PASSWORD '${masterNewPassword}'`);
  });
  afterAll(async () => {
    fixture.sm.restore();
    await db.drop();
    await dropRoles([clone, app.username, master.username]);
  });

  it("rotates the child with the master's AWSPENDING and says so in setSecret's log line, with no password in any line", async () => {
    await rotateFully(fixture, arn);

    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(current.username).toBe(clone);
    expect(await db.canLogin(clone, current.password)).toBe(true);
    const setSecretLine = logLines.find((line) => line.step === 'setSecret');
    expect(setSecretLine).toMatchObject({ outcome: 'completed', masterStage: AWSPENDING });
    const logged = JSON.stringify(logLines);
    for (const password of [master.password, masterNewPassword, current.password]) expect(logged).not.toContain(password);
  });
});
