// Givens for the PostgreSQL rotation tests: a real database with an application role (and a
// CREATEROLE master, as RDS gives), the Secrets Manager double, and a Database port wrapper that
// counts SQL statements and can fail right after one (a Lambda dying mid-step).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Database, DatabaseSession, RotationEvent, Step } from '../../../lambdas/rotation/core/ports';
import { postgresStrategy } from '../../../lambdas/rotation/core/postgres-strategy';
import { rotate, type RotationDeps, type StepResult } from '../../../lambdas/rotation/core/rotate';
import { databaseOptionsFromEnv, postgresDatabase } from '../../../lambdas/rotation/postgres/database';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock, systemRandom } from '../../../lambdas/rotation/system';
import { createTestDatabase, dropRoles, quoteIdent, type TestDatabase } from '../../support/postgres';
import { InjectedFailure, installSecretsManagerDouble, type InstalledSecretsManagerDouble, type SecretsManagerDoubleOptions } from '../../support/secrets-manager-double';
import { ALL_STEPS, startRotation } from '../../unit/rotation/helpers';

export { ALL_STEPS, startRotation };

export function uniqueSuffix(): string {
  return randomBytes(3).toString('hex');
}

/** The trust the function would have, plus the harness's test CA (EXTRA_CA_FILE). */
export function testDatabasePort(db: TestDatabase, env: NodeJS.ProcessEnv = {}): Database {
  return postgresDatabase(databaseOptionsFromEnv({ EXTRA_CA_FILE: db.server.caFile, ...env }));
}

/** Counts connections and statements (query, setPassword, a transaction's COMMIT); calls `afterStatement` after each. */
export class CountingDatabase implements Database {
  statements = 0;
  connections = 0;
  afterStatement?: (what: string) => Promise<void>;

  constructor(private readonly inner: Database) {}

  async connect(connection: Parameters<Database['connect']>[0]): Promise<DatabaseSession> {
    const session = await this.inner.connect(connection);
    this.connections += 1;
    const after = async <T>(what: string, result: T): Promise<T> => {
      this.statements += 1;
      await this.afterStatement?.(what);
      return result;
    };
    return {
      query: async (sql, params) => after(`SQL ${sql.replace(/"(?:[^"]|"")*"/g, '<name>').trim().split(/\s+/).slice(0, 3).join(' ')}`, await session.query(sql, params)),
      setPassword: async (role, password) => after('SQL ALTER ROLE ... PASSWORD', await session.setPassword(role, password)),
      transaction: async (work) => after('SQL COMMIT', await session.transaction(work)),
      close: () => session.close(),
    };
  }
}

/**
 * Numbers every effect (Secrets Manager call, SQL statement) of a run; when the count reaches
 * `target`, checks the invariant at that instant and throws, as if the Lambda died right there.
 */
export class CrashInjector {
  count = 0;
  target?: number;
  firedAfter?: string;

  constructor(private readonly invariant: () => Promise<void>) {}

  arm(target: number): void {
    this.count = 0;
    this.target = target;
    this.firedAfter = undefined;
  }

  disarm(): void {
    this.target = undefined;
  }

  async point(what: string): Promise<void> {
    this.count += 1;
    if (this.count !== this.target) return;
    this.target = undefined;
    this.firedAfter = what;
    await this.invariant();
    throw new InjectedFailure(`injected failure after ${what}`);
  }
}

export interface RotationFixture {
  readonly sm: InstalledSecretsManagerDouble;
  readonly database: Database;
  readonly deps: RotationDeps;
}

export function rotationFixture(
  db: TestDatabase,
  database: Database = testDatabasePort(db),
  extra: Partial<RotationDeps> = {},
  passwordEnv: { exclude?: string } = {},
  store: SecretsManagerDoubleOptions = {},
): RotationFixture {
  const sm = installSecretsManagerDouble(store);
  const deps: RotationDeps = {
    store: secretsManagerStore(sm.client),
    strategy: postgresStrategy({ database, password: { length: 32, ...(passwordEnv.exclude === undefined ? {} : { exclude: passwordEnv.exclude }) } }),
    clock: systemClock,
    random: systemRandom,
    ...extra,
  };
  return { sm, database, deps };
}

/** Runs the four steps in order, as Secrets Manager does. */
export async function rotateFully(fixture: RotationFixture, secretId: string, steps: readonly Step[] = ALL_STEPS): Promise<StepResult[]> {
  const event = await startRotation(fixture.sm.client, secretId);
  const results: StepResult[] = [];
  for (const step of steps) results.push(await rotate(event(step), fixture.deps));
  return results;
}

export function eventFor(secretId: string, token: string, step: Step): RotationEvent {
  return { SecretId: secretId, ClientRequestToken: token, Step: step };
}

export interface SecretFields {
  username: string;
  password: string;
  [key: string]: unknown;
}

export function postgresSecretValue(db: TestDatabase, fields: SecretFields): string {
  return JSON.stringify({ engine: 'postgres', host: db.server.host, port: db.server.port, dbname: db.database, ssl: true, ...fields });
}

export function valueOf(fixture: RotationFixture, secretId: string, stage: string): SecretFields | undefined {
  const raw = fixture.sm.double.valueAt(secretId, stage);
  return raw === undefined ? undefined : (JSON.parse(raw) as SecretFields);
}

/** As on RDS: the master (CREATEROLE, not SUPERUSER) creates the application's role, so it holds ADMIN OPTION on it. */
export async function createApplicationRole(db: TestDatabase, master: { username: string; password: string }, app: { username: string; password: string }): Promise<void> {
  const asMaster = await db.connectAs(master.username, master.password);
  await asMaster.query(`CREATE ROLE ${quoteIdent(app.username)} LOGIN PASSWORD '${app.password.replace(/'/g, "''")}'`);
  await asMaster.end();
  await db.admin.query(`GRANT ALL ON SCHEMA public TO ${quoteIdent(app.username)}`);
}

/** Seeds an alternating-users pair of secrets: the master's (dbname `postgres`) and the application's naming it in `masterarn`. */
export function seedAlternatingSecrets(
  fixture: RotationFixture,
  db: TestDatabase,
  master: { username: string; password: string },
  app: { username: string; password: string },
): { masterArn: string; arn: string } {
  const masterArn = fixture.sm.double.seed({ name: `dev/${master.username}`, secretString: postgresSecretValue(db, { ...master, dbname: 'postgres' }) });
  const arn = fixture.sm.double.seed({ name: `dev/${app.username}`, secretString: postgresSecretValue(db, { ...app, masterarn: masterArn }) });
  return { masterArn, arn };
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** An alternating-users secret on its own database, ready to rotate; `teardown` for afterAll. */
export interface AlternatingSetup {
  readonly db: TestDatabase;
  readonly fixture: RotationFixture;
  readonly arn: string;
  /** A connection as the user the stage holds, closed by `teardown`. */
  loginAt(stage: string): Promise<pg.Client>;
  teardown(): Promise<void>;
}

/**
 * A database named after `label`, the CREATEROLE master (as RDS's master user is) and the
 * application role it creates, `prepare` run as admin (schemas, role settings), then the seeded
 * pair of secrets.
 */
export async function alternatingSetup(label: string, master: Credentials, app: Credentials, prepare?: (db: TestDatabase) => Promise<void>): Promise<AlternatingSetup> {
  const db = await createTestDatabase(label);
  await db.createRole(master.username, master.password, { createRole: true });
  await createApplicationRole(db, master, app);
  await prepare?.(db);
  const fixture = rotationFixture(db);
  const { arn } = seedAlternatingSecrets(fixture, db, master, app);
  const clients: pg.Client[] = [];
  return {
    db,
    fixture,
    arn,
    async loginAt(stage) {
      const value = valueOf(fixture, arn, stage)!;
      const client = await db.connectAs(value.username, value.password);
      clients.push(client);
      return client;
    },
    async teardown() {
      fixture.sm.restore();
      await Promise.all(clients.map((client) => client.end()));
      await db.drop();
      await dropRoles([`${app.username}_clone`, app.username, master.username]);
    },
  };
}

/** The three users of a crash-injection suite: a CREATEROLE master, a single-user role and an alternating-users application role. */
export function crashUsers(prefix: string, id: string): { master: SecretFields; single: SecretFields; alternating: SecretFields } {
  return {
    master: { username: `${prefix}master_${id}`, password: 'master-Password-0001' },
    single: { username: `${prefix}single_${id}`, password: 'single-Password-0001' },
    alternating: { username: `${prefix}alt_${id}`, password: 'alt-Password-0001' },
  };
}

/**
 * Creates the users of `crashUsers` on `db`, wires a counting database port and the Secrets Manager
 * double so that every Secrets Manager call and SQL statement is an injection point of `injector`,
 * and seeds the master's secret (its value from `secretValue`, e.g. through a pooler).
 */
export async function crashInjectionSetup(
  db: TestDatabase,
  users: ReturnType<typeof crashUsers>,
  injector: CrashInjector,
  options: { store?: SecretsManagerDoubleOptions; secretValue?: (fields: SecretFields) => string } = {},
): Promise<{ fixture: RotationFixture; counting: CountingDatabase; masterArn: string }> {
  await db.createRole(users.single.username, users.single.password);
  await db.createRole(users.master.username, users.master.password, { createRole: true });
  await createApplicationRole(db, users.master, users.alternating);
  const counting = new CountingDatabase(testDatabasePort(db));
  const fixture = rotationFixture(db, counting, {}, {}, options.store ?? {});
  const secretValue = options.secretValue ?? ((fields: SecretFields) => postgresSecretValue(db, fields));
  const masterArn = fixture.sm.double.seed({ name: `dev/${users.master.username}`, secretString: secretValue({ ...users.master }) });
  fixture.sm.double.afterCall((call) => injector.point(`Secrets Manager ${call.operation}`));
  counting.afterStatement = (what) => injector.point(what);
  return { fixture, counting, masterArn };
}

/** Drops the roles of `crashUsers`, the alternating user's clone included. */
export async function dropCrashUsers(users: ReturnType<typeof crashUsers>): Promise<void> {
  await dropRoles([`${users.alternating.username}_clone`, users.alternating.username, users.master.username, users.single.username]);
}
