// A pg pool from secrets-warden/client/pg serves a steady stream of queries on the embedded
// PostgreSQL while the real rotation core (PostgreSQL strategy, real database adapter) rotates
// its secret twice: single-user, then alternating users. Zero failed queries; the pool ends on
// the new credentials. The stream is bounded by a count of queries, not by time; the client's
// clock is the test's, moved past the check interval once each rotation has finished. (The
// clone logs in and then runs as the original role, SET ROLE at login: session_user tells them apart.)
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecrets, type Secrets } from '../../../client/index';
import { createSecretPool, type SecretPool } from '../../../client/pg';
import { createTestDatabase, dropRoles, type TestDatabase } from '../../support/postgres';
import { startPooler, type Pooler } from '../../support/pooler';
import { AWSCURRENT } from '../../support/secrets-manager-double';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { ALL_STEPS, createApplicationRole, postgresSecretValue, rotateFully, rotationFixture, startRotation, uniqueSuffix, valueOf, type RotationFixture } from '../rotation/support';
import { ManualClock } from '../../unit/client/support';

const APPLICATION = 'client-pool-under-rotation';
const CHECK_INTERVAL = 3_000;

interface StreamResult {
  readonly queries: number;
  readonly failures: string[];
  readonly users: Set<string>;
}

/**
 * `workers` callers issue queries back to back. Each rotation starts once `startAfter` queries
 * have run since the previous one finished; the stream ends `tail` queries after the last
 * rotation finished (or at `cap`, which fails the test). After each rotation the client clock
 * moves past the check interval.
 */
async function streamWhileRotating(pool: SecretPool, rotations: readonly (() => Promise<void>)[], clock: ManualClock, options = { workers: 8, startAfter: 60, tail: 120, cap: 20_000 }): Promise<StreamResult> {
  let queries = 0;
  let finishedAt = 0;
  let done = 0;
  let running: Promise<void> | undefined;
  const failures: string[] = [];
  const users = new Set<string>();
  let rotationError: unknown;
  const worker = async () => {
    while (queries < options.cap && !(done === rotations.length && queries >= finishedAt + options.tail)) {
      if (running === undefined && done < rotations.length && queries >= finishedAt + options.startAfter) {
        running = rotations[done]!().then(() => {
          clock.advance(CHECK_INTERVAL);
          done += 1;
          finishedAt = queries;
          running = undefined;
        }, (error: unknown) => {
          rotationError = error;
          done = rotations.length;
        });
      }
      try {
        const { rows } = await pool.query<{ u: string }>('SELECT session_user AS u');
        users.add(rows[0]!.u);
      } catch (error) {
        failures.push(error instanceof Error ? `${error.name}: ${error.message} (${(error as { code?: string }).code ?? ''})` : String(error));
      }
      queries += 1;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  await running;
  if (rotationError !== undefined) throw rotationError;
  expect(queries, 'the stream hit its cap before the rotations finished').toBeLessThan(options.cap);
  return { queries, failures, users };
}

async function sessionsOf(db: TestDatabase, name: string): Promise<string[]> {
  const { rows } = await db.admin.query<{ usename: string }>('SELECT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [db.database, `${APPLICATION}-${name}`]);
  return rows.map((r) => r.usename);
}

describe('a secrets-warden pool while the rotation function rotates its secret', () => {
  let db: TestDatabase;
  const id = uniqueSuffix();
  const single = { username: `pool_single_${id}`, password: 'single-Password-0001' };
  const master = { username: `pool_master_${id}`, password: 'master-Password-0001' };
  const alternating = { username: `pool_alt_${id}`, password: 'alt-Password-0001' };
  let fixture: RotationFixture;
  let clock: ManualClock;
  let secrets: Secrets;
  const pools: SecretPool[] = [];

  const poolFor = (name: string) => {
    const pool = createSecretPool(secrets, name, { ssl: { ca: readFileSync(db.server.caFile, 'utf8') }, max: 4, maxUses: 20, application_name: `${APPLICATION}-${name}` });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    db = await createTestDatabase('client_pool');
    await db.createRole(single.username, single.password);
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, alternating);
    fixture = rotationFixture(db);
    fixture.sm.double.seed({ name: `dev/${single.username}`, secretString: postgresSecretValue(db, single) });
    const masterArn = fixture.sm.double.seed({ name: `dev/${master.username}`, secretString: postgresSecretValue(db, { ...master, dbname: 'postgres' }) });
    fixture.sm.double.seed({ name: `dev/${alternating.username}`, secretString: postgresSecretValue(db, { ...alternating, masterarn: masterArn }) });
    clock = new ManualClock();
    secrets = createSecrets({ environment: 'dev', sources: [{ kind: 'secrets-manager', client: fixture.sm.client }], clock: clock.read, checkInterval: CHECK_INTERVAL, ttl: 3_600_000, jitter: 0 });
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    fixture.sm.restore();
    await db.drop();
    await dropRoles([`${alternating.username}_clone`, alternating.username, master.username, single.username]);
  });

  it('single-user: two rotations, zero failed queries, the pool ends on the new password', async () => {
    const arn = `dev/${single.username}`;
    const pool = poolFor(single.username);
    const rotateOnce = async () => {
      await rotateFully(fixture, arn);
    };

    const result = await streamWhileRotating(pool, [rotateOnce, rotateOnce], clock);

    expect(result.failures).toEqual([]);
    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(current.password).not.toBe(single.password);
    expect(await db.canLogin(single.username, current.password)).toBe(true);
    const currentVersion = fixture.sm.double.versionAt(arn, AWSCURRENT);
    expect(new Set(pool.connectionVersions())).toEqual(new Set([currentVersion]));
    // A connection opened now logs in with the new password.
    const fresh = await pool.connect();
    expect((fresh as unknown as { versionId: string }).versionId).toBe(currentVersion);
    fresh.release();
    console.log(`client pool, single-user: ${result.queries} queries over two rotations, 0 failed`);
  });

  it('alternating users: two rotations, zero failed queries, the pool ends on the current user', async () => {
    const arn = `dev/${alternating.username}`;
    const pool = poolFor(alternating.username);
    const usersAfter: string[] = [];
    const rotateOnce = async () => {
      await rotateFully(fixture, arn);
      usersAfter.push(valueOf(fixture, arn, AWSCURRENT)!.username);
    };

    const result = await streamWhileRotating(pool, [rotateOnce, rotateOnce], clock);

    expect(result.failures).toEqual([]);
    expect(usersAfter).toEqual([`${alternating.username}_clone`, alternating.username]);
    expect(result.users).toEqual(new Set([alternating.username, `${alternating.username}_clone`]));
    const currentVersion = fixture.sm.double.versionAt(arn, AWSCURRENT);
    expect(new Set(pool.connectionVersions())).toEqual(new Set([currentVersion]));
    const sessions = await sessionsOf(db, alternating.username);
    expect(sessions.length).toBeGreaterThan(0);
    expect(new Set(sessions)).toEqual(new Set([alternating.username]));
  });

  it('single-user between setSecret and finishSecret: a new connection is refused with AWSCURRENT and logs in with AWSPENDING', async () => {
    const arn = `dev/${single.username}`;
    await pools[0]!.end();
    pools.shift();
    const event = await startRotation(fixture.sm.client, arn);
    for (const step of ALL_STEPS.slice(0, 2)) await rotate(event(step), fixture.deps);
    const pending = JSON.parse(fixture.sm.double.valueAt(arn, 'AWSPENDING')!) as { password: string };
    const current = valueOf(fixture, arn, AWSCURRENT)!;
    expect(await db.canLogin(single.username, current.password)).toBe(false);

    const pool = poolFor(single.username);
    const { rows } = await pool.query<{ u: string }>('SELECT session_user AS u');

    expect(rows[0]!.u).toBe(single.username);
    expect(await db.canLogin(single.username, pending.password)).toBe(true);
    for (const step of ALL_STEPS.slice(2)) await rotate(event(step), fixture.deps);
    clock.advance(CHECK_INTERVAL);
    const after = await pool.query<{ u: string }>('SELECT session_user AS u');
    expect(after.rows[0]!.u).toBe(single.username);
  });
});

// Through pgbouncer (auth_query), a refused password is pgbouncer's FATAL 08P01 "SASL
// authentication failed", not PostgreSQL's 28P01: single-user rotation must still cost no query.
describe('a secrets-warden pool behind a pgbouncer stand-in while the secret rotates (single user)', () => {
  let db: TestDatabase;
  let pooler: Pooler;
  const id = uniqueSuffix();
  const alias = `pooled_${id}`;
  const user = { username: `pool_pgb_${id}`, password: 'pgb-Password-0001' };
  const arn = `dev/${user.username}`;
  let fixture: RotationFixture;
  let clock: ManualClock;
  let secrets: Secrets;
  const pools: SecretPool[] = [];
  const poolFor = () => {
    const pool = createSecretPool(secrets, user.username, { ssl: false, max: 4, maxUses: 20, application_name: `${APPLICATION}-pgb` });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    db = await createTestDatabase('client_pool_pgb');
    pooler = await startPooler({ upstream: { host: db.server.host, port: db.server.port }, databases: { [alias]: db.database } });
    await db.createRole(user.username, user.password);
    fixture = rotationFixture(db);
    fixture.sm.double.seed({ name: arn, secretString: JSON.stringify({ engine: 'postgres', host: pooler.host, port: pooler.port, dbname: alias, ssl: false, ...user }) });
    clock = new ManualClock();
    secrets = createSecrets({ environment: 'dev', sources: [{ kind: 'secrets-manager', client: fixture.sm.client }], clock: clock.read, checkInterval: CHECK_INTERVAL, ttl: 3_600_000, jitter: 0 });
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    fixture.sm.restore();
    await pooler.close();
    await db.drop();
  });

  it('between setSecret and finishSecret: the pooler refuses AWSCURRENT with 08P01 and the pool logs in with AWSPENDING', async () => {
    const event = await startRotation(fixture.sm.client, arn);
    for (const step of ALL_STEPS.slice(0, 2)) await rotate(event(step), fixture.deps);
    const current = valueOf(fixture, arn, AWSCURRENT)!;
    const direct = new pg.Client({ host: pooler.host, port: pooler.port, database: alias, user: current.username, password: current.password, ssl: false });
    const error = await direct.connect().catch((e: unknown) => e as { code?: string; message?: string });
    await direct.end().catch(() => undefined);
    expect(error).toMatchObject({ code: '08P01', message: 'SASL authentication failed' });

    const pool = poolFor();
    const { rows } = await pool.query<{ u: string }>('SELECT session_user AS u');

    expect(rows[0]!.u).toBe(user.username);
    for (const step of ALL_STEPS.slice(2)) await rotate(event(step), fixture.deps);
    clock.advance(CHECK_INTERVAL);
    expect((await pool.query<{ u: string }>('SELECT session_user AS u')).rows[0]!.u).toBe(user.username);
  });

  it('two rotations, zero failed queries, the pool ends on the new password', async () => {
    const pool = poolFor();
    const rotateOnce = async () => {
      await rotateFully(fixture, arn);
    };

    const result = await streamWhileRotating(pool, [rotateOnce, rotateOnce], clock);

    expect(result.failures).toEqual([]);
    expect(new Set(pool.connectionVersions())).toEqual(new Set([fixture.sm.double.versionAt(arn, AWSCURRENT)]));
  });
});
