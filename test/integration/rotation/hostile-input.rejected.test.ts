import { CancelRotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lambdas/rotation/core/ports';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { RotationError } from '../../../lambdas/rotation/core/strategy';
import { createTestDatabase, dropRoles, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPREVIOUS } from '../../support/secrets-manager-double';
import { ALL_STEPS, createApplicationRole, postgresSecretValue, rotationFixture, startRotation, uniqueSuffix, type RotationFixture } from './support';

// Bad input gets an error naming what is wrong and the fix, and changes nothing (invariant 3):
// neither a role nor a password in the database, nor a version or label of the secret.
describe('hostile or broken input is refused and changes nothing', () => {
  const id = uniqueSuffix();
  const master = { username: `master_${id}`, password: 'master-Password-0001' };
  const app = { username: `app_${id}`, password: 'app-Password-0001' };
  const CANARY = `canary-${id}-value`;
  let db: TestDatabase;
  let fixture: RotationFixture;
  let masterArn: string;

  beforeAll(async () => {
    db = await createTestDatabase('hostile_rejected');
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, app);
  });
  afterAll(async () => {
    await db.drop();
    await dropRoles([`${app.username}_clone`, app.username, master.username]);
  });
  beforeEach(() => {
    fixture = rotationFixture(db);
    masterArn = fixture.sm.double.seed({ name: `dev/master-${id}`, secretString: postgresSecretValue(db, master) });
  });
  afterEach(() => fixture.sm.restore());

  /**
   * This file's roles (their names carry `id`; the cluster is shared with files running in
   * parallel) with their stored verifiers: a changed password or a new role shows here.
   */
  const databaseState = async () => (await db.admin.query("SELECT rolname, rolpassword FROM pg_authid WHERE strpos(rolname, $1) > 0 ORDER BY rolname", [id])).rows;
  const secretState = (arn: string) => JSON.stringify(fixture.sm.double.versions(arn));

  /** Runs the steps from `from` on; returns the first error, asserting nothing changed since the rotation started. */
  async function refused(arn: string, from: Step = 'createSecret', prepare?: (token: string) => void | Promise<void>): Promise<Error> {
    const event = await startRotation(fixture.sm.client, arn);
    await prepare?.(event('createSecret').ClientRequestToken);
    const secretBefore = secretState(arn);
    const databaseBefore = await databaseState();
    let error: unknown;
    for (const step of ALL_STEPS.slice(ALL_STEPS.indexOf(from))) {
      error = await rotate(event(step), fixture.deps).then(() => undefined, (e: unknown) => e);
      if (error) break;
    }
    expect(error).toBeInstanceOf(Error);
    expect(secretState(arn)).toBe(secretBefore);
    expect(await databaseState()).toEqual(databaseBefore);
    expect((error as Error).message).not.toContain(CANARY);
    return error as Error;
  }

  const createPending = async (arn: string, token: string) => {
    await rotate({ SecretId: arn, ClientRequestToken: token, Step: 'createSecret' }, fixture.deps);
  };
  const seed = (secretString: string) => fixture.sm.double.seed({ name: `dev/app-${uniqueSuffix()}`, secretString });

  it('malformed secret JSON: names AWSCURRENT and the expected shape, without quoting the text', async () => {
    const arn = seed(`{"engine":"postgres","password":"${CANARY}"`);

    const error = await refused(arn);

    expect(error).toBeInstanceOf(RotationError);
    expect(error.message).toMatch(/^createSecret: AWSCURRENT: is not valid JSON; store a JSON object/);
    expect(error.message).toContain(`(secret ${arn})`);
  });

  it('wrong engine: names the field and the accepted engines', async () => {
    const arn = seed(postgresSecretValue(db, { ...app, engine: 'mysql', password: CANARY }));

    expect((await refused(arn)).message).toMatch(/createSecret: AWSCURRENT\.engine: is missing or not a PostgreSQL engine; set engine to one of "postgres", "aurora-postgresql"/);
  });

  it('missing host: names the field and the fix', async () => {
    const arn = seed(JSON.stringify({ engine: 'postgres', username: app.username, password: CANARY }));

    expect((await refused(arn)).message).toMatch(/createSecret: AWSCURRENT\.host: is missing or not a non-empty string; set host/);
  });

  it('token not staged AWSPENDING: refuses to replay an old rotation', async () => {
    const arn = seed(postgresSecretValue(db, app));
    const stale = await startRotation(fixture.sm.client, arn);
    for (const step of ALL_STEPS) await rotate(stale(step), fixture.deps);
    const secretBefore = secretState(arn);
    const databaseBefore = await databaseState();
    const previousToken = fixture.sm.double.versions(arn).find((v) => !v.stages.includes(AWSCURRENT) && v.versionId !== stale('setSecret').ClientRequestToken)!.versionId;

    const error = (await rotate({ SecretId: arn, ClientRequestToken: previousToken, Step: 'setSecret' }, fixture.deps).then(() => undefined, (e: unknown) => e)) as Error;

    expect(error.message).toMatch(/^setSecret: version .* is not staged as AWSPENDING; start a new rotation/);
    expect(secretState(arn)).toBe(secretBefore);
    expect(await databaseState()).toEqual(databaseBefore);
  });

  it('rotation disabled: refuses every step', async () => {
    const arn = seed(postgresSecretValue(db, app));

    const error = await refused(arn, 'createSecret', async () => {
      await fixture.sm.client.send(new CancelRotateSecretCommand({ SecretId: arn }));
    });

    expect(error.message).toMatch(/^createSecret: rotation is not enabled on the secret/);
  });

  it('a master secret on another host: refuses in createSecret, before sending the master credentials anywhere', async () => {
    const elsewhere = fixture.sm.double.seed({ name: `dev/master-elsewhere-${id}`, secretString: postgresSecretValue(db, { ...master, host: 'db.attacker.example', password: CANARY }) });
    const arn = seed(postgresSecretValue(db, { ...app, masterarn: elsewhere }));

    const error = await refused(arn);

    expect(error.message).toMatch(/^createSecret: the master secret .* is for db\.attacker\.example:\d+, not 127\.0\.0\.1:\d+; masterarn must name the admin secret of the same server/);
  });

  it('a username whose clone would exceed 63 bytes: fails in createSecret, before any write', async () => {
    const long = 'é'.repeat(29) + 'abc'; // 61 bytes; `_clone` makes 67
    const arn = seed(postgresSecretValue(db, { username: long, password: CANARY, masterarn: masterArn }));

    expect((await refused(arn)).message).toMatch(/^createSecret: the alternate user of .* would be 67 bytes, over PostgreSQL's 63; shorten the username/);
  });

  it('a pending value naming another user (single user): refuses to set that user\'s password', async () => {
    const arn = seed(postgresSecretValue(db, app));

    const error = await refused(arn, 'setSecret', async (token) => {
      await rotate({ SecretId: arn, ClientRequestToken: token, Step: 'createSecret' }, fixture.deps);
      fixture.sm.double.secret(arn)!.versions.get(token)!.secretString = postgresSecretValue(db, { username: master.username, password: CANARY });
    });

    expect(error.message).toMatch(/^setSecret: AWSPENDING's username differs from AWSCURRENT's; single-user rotation only changes the password/);
  });

  it('a pending value naming a user other than the clone (alternating users): refuses to use the master on it', async () => {
    const arn = seed(postgresSecretValue(db, { ...app, masterarn: masterArn }));

    const error = await refused(arn, 'setSecret', async (token) => {
      await rotate({ SecretId: arn, ClientRequestToken: token, Step: 'createSecret' }, fixture.deps);
      fixture.sm.double.secret(arn)!.versions.get(token)!.secretString = postgresSecretValue(db, { username: master.username, password: CANARY, masterarn: masterArn });
    });

    expect(error.message).toMatch(/^setSecret: AWSPENDING's username master_\w+ is not the alternate of app_\w+; start a new rotation/);
  });

  it('a current password that no longer logs in (alternating users): the master is not used', async () => {
    const arn = seed(postgresSecretValue(db, { ...app, password: CANARY, masterarn: masterArn }));

    const error = await refused(arn, 'setSecret', (token) => createPending(arn, token));

    expect(error.message).toMatch(new RegExp(`^setSecret: cannot log in as ${app.username} to 127\\.0\\.0\\.1:\\d+ with AWSCURRENT: password authentication failed for user "${app.username}"`));
  });

  it('a master without ADMIN OPTION on the user (PostgreSQL 16+): the half-made clone is rolled back and the error says the fix', async () => {
    const orphan = { username: `orphan_${id}`, password: 'orphan-Password-0001' };
    await db.createRole(orphan.username, orphan.password);
    const arn = seed(postgresSecretValue(db, { ...orphan, masterarn: masterArn }));

    const error = await refused(arn, 'setSecret', (token) => createPending(arn, token));

    expect(error.message).toMatch(new RegExp(`^setSecret: as master_\\w+ on 127\\.0\\.0\\.1:\\d+, cannot create or update role ${orphan.username}_clone: permission denied to grant role "${orphan.username}" \\(Only roles with the ADMIN option on role "${orphan.username}" may grant this role\\.\\); the master needs ADMIN OPTION on`));
    expect((await db.admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${orphan.username}_clone`])).rows).toEqual([]);
  });

  it('current and previous passwords rejected (single user): keeps the server\'s message, never a password', async () => {
    const arn = fixture.sm.double.seed({
      name: `dev/app-${uniqueSuffix()}`,
      secretString: postgresSecretValue(db, { ...app, password: CANARY }),
      versions: [{ versionId: randomUUID(), stages: [AWSPREVIOUS], secretString: postgresSecretValue(db, { ...app, password: `${CANARY}-previous` }) }],
    });

    const error = await refused(arn, 'setSecret', (token) => createPending(arn, token));

    expect(error.message).toMatch(new RegExp(`^setSecret: cannot log in as ${app.username} to 127\\.0\\.0\\.1:\\d+ with AWSCURRENT or AWSPREVIOUS: password authentication failed for user "${app.username}" \\(secret arn:`));
  });

  it('a pending value with ssl false: refused in setSecret (the connection may not be weakened), both strategies', async () => {
    for (const fields of [app, { ...app, masterarn: masterArn }]) {
      const arn = seed(postgresSecretValue(db, fields));

      const error = await refused(arn, 'setSecret', async (token) => {
        await createPending(arn, token);
        const pending = fixture.sm.double.secret(arn)!.versions.get(token)!;
        pending.secretString = JSON.stringify({ ...JSON.parse(pending.secretString!), ssl: false });
      });

      expect(error.message).toMatch(/^setSecret: AWSPENDING's ssl differs from AWSCURRENT's/);
    }
  });

  it('finishSecret replayed by hand on a version without a value: refused, nothing moves', async () => {
    const arn = seed(postgresSecretValue(db, app));

    const error = await refused(arn, 'finishSecret');

    expect(error.message).toMatch(/^finishSecret: version .* \(AWSPENDING\) has no value; run createSecret, setSecret and testSecret before finishSecret/);
  });

  it('finishSecret replayed by hand on a value whose credential does not log in (setSecret never ran): refused, nothing moves', async () => {
    const arn = seed(postgresSecretValue(db, app));

    const error = await refused(arn, 'finishSecret', (token) => createPending(arn, token));

    expect(error.message).toMatch(new RegExp(`^finishSecret: cannot log in as ${app.username} to 127\\.0\\.0\\.1:\\d+/\\w+ with AWSPENDING: password authentication failed`));
  });

  it.each(['__proto__', 'constructor', 'hasOwnProperty'])('a ClientRequestToken of %s: names the field, changes nothing', async (token) => {
    const arn = seed(postgresSecretValue(db, app));
    await startRotation(fixture.sm.client, arn);
    const secretBefore = secretState(arn);

    const error = (await rotate({ SecretId: arn, ClientRequestToken: token, Step: 'createSecret' }, fixture.deps).then(() => undefined, (e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(RotationError);
    expect(error.message).toMatch(/^createSecret: event\.ClientRequestToken: version .* is not a version of the secret/);
    expect(secretState(arn)).toBe(secretBefore);
  });
});
