// `warden rollback` end to end: the built CLI (subprocess) -> HTTP double -> Lambda Invoke of the
// rotation function's rollback action (the real core, over HTTP to the same double) -> the
// embedded PostgreSQL. Bad inputs are refused and change nothing; a second run changes nothing.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOptionsFromEnv } from '../../../lambdas/rotation/core/password';
import { postgresRollback } from '../../../lambdas/rotation/core/postgres-rollback';
import { postgresStrategy } from '../../../lambdas/rotation/core/postgres-strategy';
import { STEPS } from '../../../lambdas/rotation/core/ports';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { rollback } from '../../../lambdas/rotation/core/rollback';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock, systemRandom } from '../../../lambdas/rotation/system';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPREVIOUS, MUTATING_OPERATIONS } from '../../support/secrets-manager-double';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../support/secrets-manager-http';
import { postgresSecretValue, testDatabasePort, uniqueSuffix } from '../rotation/support';
import { warden } from './support';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:dev-rotation-postgres';

describe('warden rollback (subprocess, HTTP double, embedded PostgreSQL)', () => {
  const id = uniqueSuffix();
  const user = { username: `cli_rb_${id}`, password: 'cli-Rollback-Password-0001' };
  let db: TestDatabase;
  let server: AwsHttpDouble;
  let client: SecretsManagerClient;
  let rotateNow: (arn: string, steps?: readonly (typeof STEPS)[number][]) => Promise<void>;
  const invoked: string[] = [];
  const mutations = () => server.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation)).map((c) => c.operation);

  beforeAll(async () => {
    db = await createTestDatabase('clirb');
    await db.createRole(user.username, user.password);
    server = await startAwsHttpDouble({ account: '111111111111', region: 'eu-west-1' });
    client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: server.url, credentials: { accessKeyId: 'AKIAFUNCTION', secretAccessKey: 'x' } });
    const database = testDatabasePort(db);
    const store = secretsManagerStore(client);
    // The rotation function: rotation steps for Secrets Manager, the rollback action for warden.
    // The CLI must come through the `rollback` alias (the function refuses the action otherwise).
    server.invoke = async (name, payload) => {
      invoked.push(name);
      if (!name.endsWith(':rollback')) throw new Error('the rollback action runs only through the rollback alias');
      return rollback(payload, { store, database: postgresRollback(database) });
    };
    const deps = { store, strategy: postgresStrategy({ database, password: passwordOptionsFromEnv({}) }), clock: systemClock, random: systemRandom };
    rotateNow = async (arn, steps = STEPS) => {
      const { RotateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
      const started = await client.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: FUNCTION_ARN }));
      for (const Step of steps) await rotate({ SecretId: arn, ClientRequestToken: started.VersionId!, Step }, deps);
    };
  });
  afterAll(async () => {
    await server.stop();
    await db.drop();
  });

  it('rolls back a rotation: the old password logs in again and is AWSCURRENT; a second run changes nothing', async () => {
    const arn = server.double.seed({ name: `dev/cli-rb-${id}`, secretString: postgresSecretValue(db, user), rotationEnabled: true, rotationLambdaArn: FUNCTION_ARN });
    const before = server.double.versionAt(arn, AWSCURRENT)!;
    await rotateNow(arn);
    expect(await db.canLogin(user.username, user.password)).toBe(false);

    const first = await warden(['rollback', `dev/cli-rb-${id}`, '--yes', '--json'], { server });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ outcome: 'rolled-back', toVersionId: before, database: 'restored' });
    expect(server.double.versionAt(arn, AWSCURRENT)).toBe(before);
    expect(await db.canLogin(user.username, user.password)).toBe(true);
    expect(invoked).toEqual([`${FUNCTION_ARN}:rollback`]);

    server.double.clearCalls();
    const second = await warden(['rollback', `dev/cli-rb-${id}`, '--yes'], { server });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('already rolled back');
    expect(mutations()).toEqual([]);
    for (const run of [first, second]) expect(run.stdout + run.stderr).not.toContain(user.password);
  });

  it('refuses with no AWSPREVIOUS, mid-rotation, or without confirmation, and changes nothing', async () => {
    const fresh = server.double.seed({ name: `dev/cli-rb-fresh-${id}`, secretString: postgresSecretValue(db, { username: user.username, password: 'unused-Password-0001' }), rotationEnabled: true, rotationLambdaArn: FUNCTION_ARN });
    const midway = server.double.seed({ name: `dev/cli-rb-mid-${id}`, secretString: postgresSecretValue(db, user), rotationEnabled: true, rotationLambdaArn: FUNCTION_ARN });
    await rotateNow(midway);
    await rotateNow(midway, ['createSecret']);
    const stages = server.double.stagesOf(midway);
    server.double.clearCalls();
    const cases: [string[], number, RegExp][] = [
      [['rollback', `dev/cli-rb-fresh-${id}`, '--yes'], 1, /no AWSPREVIOUS version: there is nothing to roll back to/],
      [['rollback', `dev/cli-rb-mid-${id}`, '--yes'], 4, /rotation .* is in progress .*refusing to roll back\n.*--force/],
      [['rollback', `dev/cli-rb-mid-${id}`, '--force'], 4, /without confirmation/],
      [['rollback', `dev/cli-rb-mid-${id}`, '--force', '--dry-run'], 0, /^$/],
    ];
    for (const [args, code, message] of cases) {
      const result = await warden(args, { server });
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toMatch(message);
    }
    expect(mutations()).toEqual([]);
    expect(server.double.stagesOf(midway)).toEqual(stages);
    expect(server.double.versionAt(fresh, AWSPREVIOUS)).toBeUndefined();
  });
});
