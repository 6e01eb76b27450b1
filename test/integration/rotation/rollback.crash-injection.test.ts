// Rollback on the real PostgreSQL: the rotation function's `warden:rollback` action puts
// AWSPREVIOUS back as current AND makes the database accept it. The Lambda may die right after any
// Secrets Manager call or SQL statement: at every such instant some stored version logs in
// (invariant 2), and running rollback again finishes the job; a finished rollback run again
// changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresRollback } from '../../../lambdas/rotation/core/postgres-rollback';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { isRollbackEvent, parseRollbackEvent, rollback, ROLLBACK_ACTION, ROLLED_BACK_LABEL, type RollbackDeps } from '../../../lambdas/rotation/core/rollback';
import { createTestDatabase, quoteIdent, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, MUTATING_OPERATIONS } from '../../support/secrets-manager-double';
import {
  crashInjectionSetup,
  CrashInjector,
  crashUsers,
  dropCrashUsers,
  type CountingDatabase,
  postgresSecretValue,
  rotateFully,
  startRotation,
  uniqueSuffix,
  valueOf,
  type RotationFixture,
} from './support';

const event = (secretId: string, extra: Record<string, unknown> = {}) => ({ action: ROLLBACK_ACTION, secretId, ...extra });

describe('rollback (rotation function action) on PostgreSQL', () => {
  const id = uniqueSuffix();
  const users = crashUsers('rb_', id);
  const { single, alternating } = users;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let counting: CountingDatabase;
  let deps: RollbackDeps;
  let masterArn: string;
  let currentArn = '';

  const someStoredVersionLogsIn = async () => {
    for (const stage of [AWSCURRENT, AWSPREVIOUS, AWSPENDING]) {
      const value = valueOf(fixture, currentArn, stage);
      if (value && (await db.canLogin(value.username, value.password))) return;
    }
    throw new Error(`invariant broken: no stored version of ${currentArn} logs in after ${injector.firedAfter}`);
  };
  const injector = new CrashInjector(someStoredVersionLogsIn);

  beforeAll(async () => {
    db = await createTestDatabase('rollback');
    ({ fixture, counting, masterArn } = await crashInjectionSetup(db, users, injector));
    deps = { store: fixture.deps.store, database: postgresRollback(counting) };
  });
  // Each test starts from the setup's state, whatever the tests before it left (a rotated password,
  // an armed injector after a failure): the users hold their setup passwords, nothing is armed.
  beforeEach(async () => {
    injector.disarm();
    for (const user of [single, alternating]) {
      // Test setup only: the password is the test's own literal (as createRole sends it).
      await db.admin.query(`ALTER ROLE ${quoteIdent(user.username)} PASSWORD '${user.password}'`);
    }
  });
  afterAll(async () => {
    fixture.sm.restore();
    await db.drop();
    await dropCrashUsers(users);
  });

  /** One rollback per injection point, each from a freshly rotated secret, until a run meets no point. */
  async function injectEverywhere(label: string, given: () => Promise<string>): Promise<string[]> {
    const points: string[] = [];
    for (let target = 1; target < 100; target += 1) {
      currentArn = await given();
      const rotatedAway = fixture.sm.double.versionAt(currentArn, AWSCURRENT)!;
      const back = fixture.sm.double.versionAt(currentArn, AWSPREVIOUS)!;
      const backValue = valueOf(fixture, currentArn, AWSPREVIOUS)!;
      injector.arm(target);
      try {
        await rollback(event(currentArn), deps);
      } catch (error) {
        if (injector.firedAfter === undefined) throw error;
        injector.disarm();
        // The operator runs `warden rollback` again.
        await rollback(event(currentArn), deps);
      }
      injector.disarm();
      expect(fixture.sm.double.versionAt(currentArn, AWSCURRENT)).toBe(back);
      expect(fixture.sm.double.versionAt(currentArn, AWSPREVIOUS)).toBe(rotatedAway);
      expect(fixture.sm.double.stagesOf(currentArn)[rotatedAway]).toContain(ROLLED_BACK_LABEL);
      expect(await db.canLogin(backValue.username, backValue.password)).toBe(true);
      // Idempotent: a further run changes nothing.
      fixture.sm.double.clearCalls();
      const statements = counting.statements;
      await expect(rollback(event(currentArn), deps)).resolves.toMatchObject({ outcome: 'already-done' });
      expect(fixture.sm.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation))).toEqual([]);
      expect(counting.statements).toBe(statements);
      if (injector.firedAfter === undefined) break;
      points.push(injector.firedAfter);
    }
    console.log(`rollback crash injection, ${label}: ${points.length} injection points: ${points.join(', ')}`);
    return points;
  }

  it('single user: sets the previous password back (SCRAM) before moving labels, crash-safe at every point', async () => {
    let run = 0;
    const points = await injectEverywhere('single user', async () => {
      run += 1;
      // The role holds single.password (the last run rolled back to it); a rotation moves it on.
      const arn = fixture.sm.double.seed({ name: `dev/rb-single-${run}-${id}`, secretString: postgresSecretValue(db, single) });
      await rotateFully(fixture, arn);
      expect(await db.canLogin(single.username, single.password)).toBe(false);
      return arn;
    });
    expect(points).toContain('SQL ALTER ROLE ... PASSWORD');
    expect(points.filter((p) => p.startsWith('Secrets Manager UpdateSecretVersionStage'))).toHaveLength(2);
  });

  it('alternating users: the master sets the previous user back when it no longer logs in, crash-safe at every point', async () => {
    let run = 0;
    const points = await injectEverywhere('alternating users', async () => {
      run += 1;
      const arn = fixture.sm.double.seed({ name: `dev/rb-alt-${run}-${id}`, secretString: postgresSecretValue(db, { ...alternating, masterarn: masterArn }) });
      await rotateFully(fixture, arn);
      // Someone changed the previous user's password since: rollback must restore it through the master.
      await db.admin.query(`ALTER ROLE ${quoteIdent(alternating.username)} PASSWORD 'drifted-Password-0002'`);
      return arn;
    });
    expect(points).toContain('SQL ALTER ROLE ... PASSWORD');
  });

  it('refuses while a rotation is in progress unless forced; forced, it logs in with AWSPENDING to restore', async () => {
    const arn = fixture.sm.double.seed({ name: `dev/rb-pending-${id}`, secretString: postgresSecretValue(db, single) });
    currentArn = arn;
    await rotateFully(fixture, arn);
    const back = fixture.sm.double.versionAt(arn, AWSPREVIOUS)!;
    const next = await startRotation(fixture.sm.client, arn);
    for (const step of ['createSecret', 'setSecret'] as const) await rotate(next(step), fixture.deps);
    // Only AWSPENDING logs in now.
    fixture.sm.double.clearCalls();
    await expect(rollback(event(arn), deps)).rejects.toThrow(/rotation is in progress .*--force/);
    expect(fixture.sm.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation))).toEqual([]);

    const result = await rollback(event(arn, { force: true }), deps);
    expect(result).toMatchObject({ outcome: 'rolled-back', toVersionId: back, database: 'restored', pendingRemoved: next('createSecret').ClientRequestToken });
    expect(fixture.sm.double.versionAt(arn, AWSCURRENT)).toBe(back);
    expect(fixture.sm.double.versionAt(arn, AWSPENDING)).toBeUndefined();
    expect(await db.canLogin(single.username, single.password)).toBe(true);
  });

  it('refuses a secret without AWSPREVIOUS, and a dry run changes nothing', async () => {
    const arn = fixture.sm.double.seed({ name: `dev/rb-fresh-${id}`, secretString: postgresSecretValue(db, single) });
    await expect(rollback(event(arn), deps)).rejects.toThrow(/no AWSPREVIOUS version to roll back to/);
    await rotateFully(fixture, arn);
    fixture.sm.double.clearCalls();
    const statements = counting.statements;
    await expect(rollback(event(arn, { dryRun: true }), deps)).resolves.toMatchObject({ outcome: 'dry-run' });
    expect(fixture.sm.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation))).toEqual([]);
    expect(counting.statements).toBe(statements);
  });

  it('is its own event shape: a rotation event is never a rollback, and a mixed event is refused', () => {
    expect(isRollbackEvent({ SecretId: 'x', ClientRequestToken: 't'.repeat(32), Step: 'setSecret' })).toBe(false);
    expect(() => parseRollbackEvent({ action: ROLLBACK_ACTION, secretId: 'x', Step: 'setSecret' })).toThrow(/event.Step: is not a field of the rollback action/);
    expect(() => parseRollbackEvent({ action: ROLLBACK_ACTION, secretId: 'x', ClientRequestToken: 't' })).toThrow(/event.ClientRequestToken/);
    expect(() => parseRollbackEvent({ action: ROLLBACK_ACTION, secretId: 'x', force: 'yes' })).toThrow(/event.force: must be true or false/);
  });
});
