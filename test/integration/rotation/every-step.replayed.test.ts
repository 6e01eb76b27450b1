import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { createTestDatabase, dropRoles, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, MUTATING_OPERATIONS } from '../../support/secrets-manager-double';
import { ALL_STEPS, CountingDatabase, createApplicationRole, postgresSecretValue, rotationFixture, startRotation, testDatabasePort, uniqueSuffix, valueOf, type RotationFixture } from './support';

// Secrets Manager retries a step whose invocation failed or timed out, possibly after the step's
// work was done: every step must give the same end state when it runs twice.
describe('every step replayed, as a Lambda retry does', () => {
  const id = uniqueSuffix();
  const master = { username: `master_${id}`, password: 'master-Password-0001' };
  const single = { username: `app_single_${id}`, password: 'single-Password-0001' };
  const alternating = { username: `app_alt_${id}`, password: 'alt-Password-0001' };
  let db: TestDatabase;
  let fixture: RotationFixture;
  let counting: CountingDatabase;
  const arns: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('replay');
    await db.createRole(single.username, single.password);
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, alternating);
    counting = new CountingDatabase(testDatabasePort(db));
    fixture = rotationFixture(db, counting);
    const masterArn = fixture.sm.double.seed({ name: `dev/${master.username}`, secretString: postgresSecretValue(db, master) });
    arns.single = fixture.sm.double.seed({ name: `dev/${single.username}`, secretString: postgresSecretValue(db, single) });
    arns.alternating = fixture.sm.double.seed({ name: `dev/${alternating.username}`, secretString: postgresSecretValue(db, { ...alternating, masterarn: masterArn }) });
  });
  afterAll(async () => {
    fixture.sm.restore();
    await db.drop();
    await dropRoles([`${alternating.username}_clone`, alternating.username, master.username]);
  });

  const writes = () => fixture.sm.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation) && c.outcome === 'ok').length;

  it.each(['single', 'alternating'])('%s user(s): each step run twice ends as one run would, and the retries write nothing new', async (kind) => {
    const arn = arns[kind]!;
    const before = valueOf(fixture, arn, AWSCURRENT)!;
    const previousVersion = fixture.sm.double.versionAt(arn, AWSCURRENT);
    const event = await startRotation(fixture.sm.client, arn);
    const pendingAfterFirstCreate: string[] = [];

    for (const step of ALL_STEPS) {
      await rotate(event(step), fixture.deps);
      if (step === 'createSecret') pendingAfterFirstCreate.push(fixture.sm.double.valueAt(arn, AWSPENDING)!);
      const writesBeforeRetry = writes();
      const statementsBeforeRetry = counting.statements;
      const retry = await rotate(event(step), fixture.deps);
      if (step === 'createSecret' || step === 'finishSecret') expect(retry.outcome).toBe('already-done');
      // setSecret's retry finds the pending password already accepted: no ALTER ROLE again.
      if (step === 'setSecret') expect(counting.statements).toBe(statementsBeforeRetry);
      expect(writes()).toBe(writesBeforeRetry);
    }

    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(JSON.stringify(current)).toBe(pendingAfterFirstCreate[0]);
    expect(fixture.sm.double.versionAt(arn, AWSCURRENT)).toBe(event('createSecret').ClientRequestToken);
    expect(fixture.sm.double.versionAt(arn, AWSPREVIOUS)).toBe(previousVersion);
    expect(fixture.sm.double.versionAt(arn, AWSPENDING)).toBeUndefined();
    expect(await db.canLogin(current.username, current.password)).toBe(true);
    expect(await db.canLogin(before.username, before.password)).toBe(kind === 'alternating');
  });
});
