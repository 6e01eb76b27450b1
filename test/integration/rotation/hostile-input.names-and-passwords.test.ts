import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PUNCTUATION } from '../../../lambdas/rotation/core/password';
import { createTestDatabase, dropRoles, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT } from '../../support/secrets-manager-double';
import { createApplicationRole, postgresSecretValue, rotateFully, rotationFixture, uniqueSuffix, valueOf, type RotationFixture } from './support';

const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

// Role names and passwords come from whoever can write the secret: they are quoted or sent as a
// verifier, so none of them can change the SQL that runs.
describe('hostile user names and passwords rotate without changing the SQL', () => {
  const id = uniqueSuffix();
  const master = { username: `master_${id}`, password: 'master-Password-0001' };
  const victim = `victim_${id}`;
  const names = [
    `App"; DROP ROLE ${victim}; --${id}`,
    `app user; SELECT 1 ${id}`,
    `CamelCase_${id}`,
    `ユーザー_ß_${id}`,
  ];
  let db: TestDatabase;
  let fixture: RotationFixture;
  const created: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('hostile_names');
    await db.createRole(victim, 'victim-Password-0001');
    await db.createRole(master.username, master.password, { createRole: true });
  });
  afterAll(async () => {
    await db.drop();
    await dropRoles([...created, master.username]);
  });
  beforeEach(() => {
    fixture = rotationFixture(db);
  });
  afterEach(() => fixture.sm.restore());

  it.each(names)('single user %j: rotates the right role and nothing else', async (username) => {
    const password = `initial-${PRINTABLE_ASCII}`;
    await db.createRole(username, password);
    const arn = fixture.sm.double.seed({ name: `dev/single-${uniqueSuffix()}`, secretString: postgresSecretValue(db, { username, password }) });

    await rotateFully(fixture, arn);

    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(current.username).toBe(username);
    expect(await db.canLogin(username, current.password)).toBe(true);
    expect(await db.canLogin(username, password)).toBe(false);
    expect(await db.canLogin(victim, 'victim-Password-0001')).toBe(true);
  });

  it.each(names)('alternating users %j: creates the quoted clone, which logs in and works as the original', async (username) => {
    const password = `initial-${PRINTABLE_ASCII}`;
    await createApplicationRole(db, master, { username: `${username}_a`, password });
    created.push(`${username}_a`, `${username}_a_clone`);
    const masterArn = fixture.sm.double.seed({ name: `dev/master-${uniqueSuffix()}`, secretString: postgresSecretValue(db, master) });
    const arn = fixture.sm.double.seed({ name: `dev/alt-${uniqueSuffix()}`, secretString: postgresSecretValue(db, { username: `${username}_a`, password, masterarn: masterArn }) });

    await rotateFully(fixture, arn);

    const current = valueOf(fixture, arn, AWSCURRENT)!;
    const roles = await db.admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = $1', [`${username}_a_clone`]);
    expect(current.username).toBe(`${username}_a_clone`);
    expect(roles.rows).toHaveLength(1);
    const asClone = await db.connectAs(current.username, current.password);
    const session = await asClone.query<{ session_user: string; current_user: string }>('SELECT session_user, current_user');
    await asClone.end();
    expect(session.rows[0]).toEqual({ session_user: `${username}_a_clone`, current_user: `${username}_a` });
    expect(await db.canLogin(`${username}_a`, password)).toBe(true);
    expect(await db.canLogin(victim, 'victim-Password-0001')).toBe(true);
  });

  it('generates and sets passwords from every printable character when nothing is excluded, and the server log holds none', async () => {
    const username = `every_char_${id}`;
    await db.createRole(username, PRINTABLE_ASCII);
    fixture.sm.restore();
    fixture = rotationFixture(db, undefined, {}, { exclude: '' });
    const arn = fixture.sm.double.seed({ name: `dev/every-char-${id}`, secretString: postgresSecretValue(db, { username, password: PRINTABLE_ASCII }) });
    const seen = new Set<string>();

    for (let i = 0; i < 6; i += 1) {
      await rotateFully(fixture, arn);
      const current = valueOf(fixture, arn, AWSCURRENT)!;
      expect(await db.canLogin(username, current.password)).toBe(true);
      for (const c of current.password) seen.add(c);
      expect(await db.serverLogSince()).not.toContain(current.password);
    }

    // 192 draws over 94 characters: the excluded-by-default ones show up once nothing is excluded.
    expect([...PUNCTUATION].filter((c) => seen.has(c)).length).toBeGreaterThan(16);
    expect(await db.serverLogSince()).not.toContain(PRINTABLE_ASCII);
  });
});
