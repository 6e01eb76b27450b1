import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPREVIOUS } from '../../support/secrets-manager-double';
import { postgresSecretValue, rotateFully, rotationFixture, uniqueSuffix, valueOf, type RotationFixture } from './support';

// AWSCURRENT may hold a password the database never accepted (e.g. someone edited the secret by
// hand); as in AWS's template, setSecret then logs in with AWSPREVIOUS to set the new one.
describe('single-user setSecret when AWSCURRENT no longer logs in', () => {
  const app = `app_previous_${uniqueSuffix()}`;
  let db: TestDatabase;
  let fixture: RotationFixture;

  beforeAll(async () => {
    db = await createTestDatabase('single_previous');
    await db.createRole(app, 'previous-Password-0001');
    fixture = rotationFixture(db);
  });
  afterAll(async () => {
    fixture.sm.restore();
    await db.drop();
  });

  it('logs in with AWSPREVIOUS and sets the new password', async () => {
    const arn = fixture.sm.double.seed({
      name: `dev/${app}`,
      secretString: postgresSecretValue(db, { username: app, password: 'edited-by-hand-0001' }),
      versions: [{ versionId: randomUUID(), stages: [AWSPREVIOUS], secretString: postgresSecretValue(db, { username: app, password: 'previous-Password-0001' }) }],
    });

    await rotateFully(fixture, arn);

    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(await db.canLogin(app, current.password)).toBe(true);
    expect(await db.canLogin(app, 'previous-Password-0001')).toBe(false);
  });

  it('ignores an AWSPREVIOUS for another user', async () => {
    const other = `other_${uniqueSuffix()}`;
    await db.createRole(other, 'other-Password-0001');
    const arn = fixture.sm.double.seed({
      name: `dev/${other}`,
      secretString: postgresSecretValue(db, { username: app, password: 'wrong-Password-0001' }),
      versions: [{ versionId: randomUUID(), stages: [AWSPREVIOUS], secretString: postgresSecretValue(db, { username: other, password: 'other-Password-0001' }) }],
    });

    await expect(rotateFully(fixture, arn)).rejects.toThrow(/^setSecret: cannot log in as app_previous_\w+ to 127\.0\.0\.1:\d+ with AWSCURRENT: password authentication failed/);
    expect(await db.canLogin(other, 'other-Password-0001')).toBe(true);
  });
});
