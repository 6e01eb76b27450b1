import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../lambdas/rotation/core/ports';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { startPooler, type Pooler } from '../../support/pooler';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, type SecretsManagerDoubleOptions } from '../../support/secrets-manager-double';
import {
  ALL_STEPS,
  crashInjectionSetup,
  CrashInjector,
  crashUsers,
  dropCrashUsers,
  postgresSecretValue,
  startRotation,
  uniqueSuffix,
  valueOf,
  type RotationFixture,
  type SecretFields,
} from './support';

/** One rotation per injection point (about 20): generous, so a busy machine slows the suite without failing it. */
const CRASH_SUITE_TIMEOUT_MS = 300_000;

interface Setup {
  /** Through the pgbouncer stand-in (startup parameters refused, database alias, ssl false). */
  readonly pooler: boolean;
  /** How PutSecretValue treats an existing version: AWS refuses, moto and LocalStack overwrite. */
  readonly existingVersionWrite: NonNullable<SecretsManagerDoubleOptions['existingVersionWrite']>;
}

// The Lambda may die right after any Secrets Manager call or SQL statement took effect; Secrets
// Manager then retries that step. Invariant 2: at every such instant some stored version logs in
// (a lockout otherwise), and the retried rotation ends right. Run directly against PostgreSQL with
// AWS's PutSecretValue, and through a pooler against a store that overwrites existing versions.
describe.each<[string, Setup]>([
  ['direct, AWS store', { pooler: false, existingVersionWrite: 'refuse' }],
  // Both departures from the first setup in one run, to keep the suite's time at twice, not three times, the original.
  ['through the pooler stand-in, overwriting store (moto, LocalStack)', { pooler: true, existingVersionWrite: 'overwrite' }],
])('crash injection after every Secrets Manager call and SQL statement: %s', (setupName, setup) => {
  const id = uniqueSuffix();
  const users = crashUsers('app_', id);
  const { single, alternating } = users;
  let db: TestDatabase;
  let fixture: RotationFixture;
  const arns: Record<string, string> = {};
  let currentArn = '';
  const clone = `${alternating.username}_clone`;
  let cloneCredentials: SecretFields | undefined;
  let pooler: Pooler | undefined;
  const lockouts: string[] = [];
  const secretValue = (fields: SecretFields) => {
    const value = postgresSecretValue(db, fields);
    if (!pooler) return value;
    return JSON.stringify({ ...(JSON.parse(value) as object), host: pooler.host, port: pooler.port, dbname: `orders_${id}`, ssl: false });
  };

  const someStoredVersionLogsIn = async () => {
    for (const stage of [AWSCURRENT, AWSPENDING]) {
      const value = valueOf(fixture, currentArn, stage);
      if (value && (await db.canLogin(value.username, value.password))) return;
    }
    lockouts.push(`neither AWSCURRENT nor AWSPENDING of ${currentArn} logs in after ${injector.firedAfter}`);
  };
  const injector = new CrashInjector(someStoredVersionLogsIn);

  beforeAll(async () => {
    db = await createTestDatabase('crash');
    if (setup.pooler) pooler = await startPooler({ upstream: { host: db.server.host, port: db.server.port }, databases: { [`orders_${id}`]: db.database } });
    let masterArn: string;
    ({ fixture, masterArn } = await crashInjectionSetup(db, users, injector, { store: { existingVersionWrite: setup.existingVersionWrite }, secretValue }));
    arns.single = fixture.sm.double.seed({ name: `dev/${single.username}`, secretString: secretValue(single) });
    arns.master = masterArn;
  });
  afterAll(async () => {
    fixture.sm.restore();
    await pooler?.close();
    await db.drop();
    await dropCrashUsers(users);
  });

  /** Runs one rotation per injection point, each from a fresh "given", until a run meets no point. */
  async function injectEverywhere(label: string, given: () => Promise<string>): Promise<{ points: string[]; surfaced: number }> {
    const points: string[] = [];
    let surfaced = 0;
    for (let target = 1; target < 200; target += 1) {
      currentArn = await given();
      const before = valueOf(fixture, currentArn, AWSCURRENT)!;
      const previousCurrentVersion = fixture.sm.double.versionAt(currentArn, AWSCURRENT);
      const event = await startRotation(fixture.sm.client, currentArn);
      injector.arm(target);
      for (const step of ALL_STEPS as Step[]) {
        try {
          await rotate(event(step), fixture.deps);
        } catch (error) {
          if (injector.firedAfter === undefined) throw error;
          surfaced += 1;
          injector.disarm();
          await rotate(event(step), fixture.deps);
        }
      }
      injector.disarm();
      const current = valueOf(fixture, currentArn, AWSCURRENT)!;
      expect(fixture.sm.double.versionAt(currentArn, AWSCURRENT)).toBe(event('createSecret').ClientRequestToken);
      expect(fixture.sm.double.versionAt(currentArn, AWSPREVIOUS)).toBe(previousCurrentVersion);
      expect(fixture.sm.double.versionAt(currentArn, AWSPENDING)).toBeUndefined();
      expect(await db.canLogin(current.username, current.password)).toBe(true);
      if (current.username === before.username) expect(await db.canLogin(before.username, before.password)).toBe(false);
      else expect(await db.canLogin(before.username, before.password)).toBe(true);
      if (injector.firedAfter === undefined) break;
      points.push(injector.firedAfter);
    }
    console.log(`crash injection [${setupName}], ${label}: ${points.length} injection points (${surfaced} surfaced as a failed step), ${lockouts.length} lockouts: ${points.join(', ')}`);
    expect(lockouts).toEqual([]);
    return { points, surfaced };
  }

  it('single user: every injection point leaves a working credential and the retried rotation ends right', async () => {
    const { points, surfaced } = await injectEverywhere('single user', async () => arns.single!);

    expect(points.length).toBeGreaterThanOrEqual(12);
    expect(points).toContain('SQL ALTER ROLE ... PASSWORD');
    expect(surfaced).toBe(points.length);
  }, CRASH_SUITE_TIMEOUT_MS);

  it('alternating users, the clone created: every injection point leaves a working credential and the retry ends right', async () => {
    let run = 0;
    const { points, surfaced } = await injectEverywhere('alternating users (clone created)', async () => {
      await db.dropRoleIfExists(clone);
      run += 1;
      return fixture.sm.double.seed({ name: `dev/create-${run}-${id}`, secretString: secretValue({ ...alternating, masterarn: arns.master }) });
    });
    cloneCredentials = valueOf(fixture, currentArn, AWSCURRENT)!;

    expect(points.length).toBeGreaterThanOrEqual(18);
    expect(points).toEqual(expect.arrayContaining(['SQL CREATE ROLE <name>', 'SQL GRANT <name> TO', 'SQL ALTER ROLE <name>', 'SQL ALTER ROLE ... PASSWORD', 'SQL COMMIT']));
    expect(surfaced).toBe(points.length);
  }, CRASH_SUITE_TIMEOUT_MS);

  it('alternating users, back to the existing original: every injection point leaves a working credential and the retry ends right', async () => {
    let run = 0;
    const { points, surfaced } = await injectEverywhere('alternating users (original updated)', async () => {
      run += 1;
      return fixture.sm.double.seed({ name: `dev/update-${run}-${id}`, secretString: secretValue({ ...cloneCredentials!, masterarn: arns.master }) });
    });

    expect(points.length).toBeGreaterThanOrEqual(15);
    expect(surfaced).toBe(points.length);
  }, CRASH_SUITE_TIMEOUT_MS);
});
