import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from '../../support/secrets-manager-double';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { CountingDatabase, postgresSecretValue, rotateFully, rotationFixture, startRotation, testDatabasePort, uniqueSuffix, valueOf, type RotationFixture } from './support';

describe('single-user rotation of a PostgreSQL secret', () => {
  const app = `app_single_${uniqueSuffix()}`;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let counting: CountingDatabase;
  let arn: string;
  let password = 'initial-Password-0001';

  beforeAll(async () => {
    db = await createTestDatabase('single_full');
    await db.createRole(app, password);
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(() => {
    counting = new CountingDatabase(testDatabasePort(db));
    fixture = rotationFixture(db, counting);
    arn = fixture.sm.double.seed({ name: `dev/${app}`, secretString: postgresSecretValue(db, { username: app, password, note: 'kept' }) });
  });
  afterEach(() => fixture.sm.restore());

  it('rejects the old password, accepts the new one, and ends AWSCURRENT new, AWSPREVIOUS old, no AWSPENDING', async () => {
    const oldVersion = fixture.sm.double.versionAt(arn, AWSCURRENT);

    const results = await rotateFully(fixture, arn);

    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(results.map((r) => r.outcome)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(current.password).not.toBe(password);
    expect(current).toMatchObject({ username: app, note: 'kept', ssl: true });
    expect(await db.canLogin(app, password)).toBe(false);
    expect(await db.canLogin(app, current.password)).toBe(true);
    expect(fixture.sm.double.versionAt(arn, AWSPREVIOUS)).toBe(oldVersion);
    expect(valueOf(fixture, arn, AWSPREVIOUS)!.password).toBe(password);
    expect(fixture.sm.double.versionAt(arn, AWSPENDING)).toBeUndefined();
    console.log(`single-user rotation: ${counting.connections} database connections, ${counting.statements} statements, ${fixture.sm.double.callCount()} Secrets Manager calls (incl. RotateSecret)`);
    password = current.password;
  });

  it('sends neither the old nor the new password to the server, whose log records every statement', async () => {
    const oldPassword = password;

    await rotateFully(fixture, arn);

    const newPassword = valueOf(fixture, arn, AWSCURRENT)!.password;
    const log = await db.serverLogSince();
    expect(log).toContain('ALTER ROLE');
    expect(log).toContain('SCRAM-SHA-256$4096:');
    expect(log).not.toContain(oldPassword);
    expect(log).not.toContain(newPassword);
    expect(await db.canLogin(app, newPassword)).toBe(true);
    password = newPassword;
  });

  it('tests AWSPENDING with a statement in its session, not only a login a pooler could answer by itself', async () => {
    const event = await startRotation(fixture.sm.client, arn);
    await rotate(event('createSecret'), fixture.deps);
    await rotate(event('setSecret'), fixture.deps);
    const before = { connections: counting.connections, statements: counting.statements };

    await rotate(event('testSecret'), fixture.deps);

    expect(counting.connections - before.connections).toBe(1);
    expect(counting.statements - before.statements).toBeGreaterThanOrEqual(1);
    await rotate(event('finishSecret'), fixture.deps);
    password = valueOf(fixture, arn, AWSCURRENT)!.password;
  });
});
