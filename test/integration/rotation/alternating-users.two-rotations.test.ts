import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from '../../support/secrets-manager-double';
import { alternatingSetup, rotateFully, uniqueSuffix, valueOf, type AlternatingSetup, type RotationFixture, type SecretFields } from './support';

// The master is a CREATEROLE non-superuser, as RDS's master user is (PostgreSQL 16+ rules apply).
// One secret goes through two rotations. Each describe's beforeAll brings it to the state its tests
// check (reach): setup once, each rotation once for the whole file, and a test run alone (-t) still
// finds the rotations it needs done. No test changes what another one checks.
describe('alternating-users rotation of a PostgreSQL secret', () => {
  const id = uniqueSuffix();
  const master = { username: `master_${id}`, password: 'master-Password-0001' };
  const app = { username: `app_alt_${id}`, password: 'app-Password-0001' };
  const clone = `${app.username}_clone`;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let arn: string;
  let setup: AlternatingSetup;
  let rotations = 0;
  /** What the clone held before the second rotation. */
  let cloneValue: SecretFields;

  /**
   * Rotates the secret until it has been rotated `count` times. Between the two rotations the
   * original user (then AWSPREVIOUS) creates a table, which the clone must still share after the
   * return.
   */
  async function reach(count: 1 | 2): Promise<void> {
    if (rotations > count) throw new Error(`the secret was rotated ${rotations} times already: the tests after the first rotation run before those after the second`);
    if (rotations === 0) {
      await rotateFully(fixture, arn);
      rotations = 1;
    }
    if (count === 2 && rotations === 1) {
      cloneValue = valueOf(fixture, arn, AWSCURRENT)!;
      const asApp = await setup.loginAt(AWSPREVIOUS);
      await asApp.query('CREATE TABLE created_before_return (n int)');
      await asApp.query('INSERT INTO created_before_return VALUES (12)');
      await rotateFully(fixture, arn);
      rotations = 2;
    }
  }

  beforeAll(async () => {
    ({ db, fixture, arn } = setup = await alternatingSetup('alternating', master, app));
  });
  afterAll(() => setup.teardown());

  describe('after the first rotation', () => {
    beforeAll(() => reach(1));

    it('moves to the clone on the first rotation, and both users log in', async () => {
      const current = valueOf(fixture, arn, AWSCURRENT)!;
      const previous = valueOf(fixture, arn, AWSPREVIOUS)!;
      expect(current.username).toBe(clone);
      expect(previous).toMatchObject({ username: app.username, password: app.password });
      expect(fixture.sm.double.versionAt(arn, AWSPENDING)).toBeUndefined();
      expect(await db.canLogin(clone, current.password)).toBe(true);
      expect(await db.canLogin(app.username, app.password)).toBe(true);
    });

    it('lets each user read and write the tables the other created', async () => {
      const asClone = await setup.loginAt(AWSCURRENT);
      const asApp = await setup.loginAt(AWSPREVIOUS);

      await asClone.query('CREATE TABLE created_by_clone (n int)');
      await asApp.query('CREATE TABLE created_by_app (n int)');
      await asApp.query('INSERT INTO created_by_clone VALUES (1)');
      await asClone.query('INSERT INTO created_by_app VALUES (2)');
      await asClone.query('UPDATE created_by_clone SET n = n + 10');
      await asApp.query('UPDATE created_by_app SET n = n + 10');

      const fromApp = await asApp.query<{ n: number }>('SELECT n FROM created_by_app UNION ALL SELECT n FROM created_by_clone ORDER BY n');
      const fromClone = await asClone.query<{ n: number }>('SELECT n FROM created_by_app UNION ALL SELECT n FROM created_by_clone ORDER BY n');
      expect(fromApp.rows.map((r) => r.n)).toEqual([11, 12]);
      expect(fromClone.rows.map((r) => r.n)).toEqual([11, 12]);
    });
  });

  describe('after the second rotation', () => {
    beforeAll(() => reach(2));

    it('comes back to the original user on the second rotation with a new password, the clone still logging in', async () => {
      const current = valueOf(fixture, arn, AWSCURRENT)!;
      expect(current.username).toBe(app.username);
      expect(current.password).not.toBe(app.password);
      expect(valueOf(fixture, arn, AWSPREVIOUS)).toMatchObject({ username: clone, password: cloneValue.password });
      expect(await db.canLogin(app.username, current.password)).toBe(true);
      expect(await db.canLogin(app.username, app.password)).toBe(false);
      expect(await db.canLogin(clone, cloneValue.password)).toBe(true);
    });

    // The test's own setup sent the initial passwords as literals; the two the rotations made never travel.
    it('sent neither generated password to the server, whose log records every statement', async () => {
      const log = await db.serverLogSince();

      expect(log).toContain('CREATE ROLE');
      for (const password of [valueOf(fixture, arn, AWSCURRENT)!.password, valueOf(fixture, arn, AWSPREVIOUS)!.password]) {
        expect(log).not.toContain(password);
      }
    });

    it('still shares every table between the two users after coming back', async () => {
      const asApp = await setup.loginAt(AWSCURRENT);
      const asClone = await setup.loginAt(AWSPREVIOUS);

      await asApp.query('CREATE TABLE created_after_return (n int)');
      await asClone.query('INSERT INTO created_after_return SELECT n FROM created_before_return');
      await asClone.query('INSERT INTO created_before_return VALUES (13)');
      const after = await asApp.query<{ n: number }>('SELECT n FROM created_after_return');
      const before = await asApp.query<{ n: number }>('SELECT n FROM created_before_return ORDER BY n');

      expect(after.rows.map((r) => r.n)).toEqual([12]);
      expect(before.rows.map((r) => r.n)).toEqual([12, 13]);
    });
  });
});
