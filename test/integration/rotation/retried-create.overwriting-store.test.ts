import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lambdas/rotation/core/ports';
import { postgresStrategy } from '../../../lambdas/rotation/core/postgres-strategy';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock, systemRandom } from '../../../lambdas/rotation/system';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPENDING, installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { postgresSecretValue, startRotation, testDatabasePort, uniqueSuffix } from './support';

// moto and LocalStack let PutSecretValue overwrite a version that already holds a value; AWS
// refuses. A retried createSecret must be safe under both: it reads the token's version first.
describe.each(['overwrite', 'refuse'] as const)('a retried createSecret, PutSecretValue on an existing version: %s', (existingVersionWrite) => {
  const app = `app_retry_${uniqueSuffix()}`;
  let db: TestDatabase;
  let sm: InstalledSecretsManagerDouble;
  let password = 'retry-Password-0001';

  beforeAll(async () => {
    db = await createTestDatabase('retried_create');
    await db.createRole(app, password);
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(() => {
    sm = installSecretsManagerDouble({ existingVersionWrite });
  });
  afterEach(() => sm.restore());

  it('createSecret, setSecret, createSecret again, setSecret, testSecret, finishSecret: some stored version logs in after every step, and AWSCURRENT at the end', async () => {
    const deps = { store: secretsManagerStore(sm.client), strategy: postgresStrategy({ database: testDatabasePort(db), password: { length: 32 } }), clock: systemClock, random: systemRandom };
    const arn = sm.double.seed({ name: `dev/${app}`, secretString: postgresSecretValue(db, { username: app, password }) });
    const event = await startRotation(sm.client, arn);
    const steps: Step[] = ['createSecret', 'setSecret', 'createSecret', 'setSecret', 'testSecret', 'finishSecret'];
    const outcomes: string[] = [];

    for (const step of steps) {
      outcomes.push((await rotate(event(step), deps)).outcome);
      const stored = [AWSCURRENT, AWSPENDING].map((stage) => sm.double.valueAt(arn, stage)).filter((v) => v !== undefined);
      const logins = await Promise.all(stored.map((value) => db.canLogin(app, (JSON.parse(value) as { password: string }).password)));
      expect(logins, `after ${step}`).toContain(true);
    }

    const current = JSON.parse(sm.double.valueAt(arn, AWSCURRENT)!) as { password: string };
    expect(outcomes[2]).toBe('already-done');
    expect(sm.double.callCount('PutSecretValue')).toBe(1);
    expect(await db.canLogin(app, current.password)).toBe(true);
    password = current.password;
  });
});
