// Pieces both PostgreSQL strategies share: reading the secret values, logging in, and errors that
// name the step, the secret, the user and the host, keep the server's message and never a password.
import { passwordRefusedBy } from '../../../contract/postgres-login';
import { parsePostgresSecret, type PostgresSecret } from '../postgres/secret-value';
import { generatePassword, type PasswordOptions } from './password';
import type { Database, DatabaseSession, PostgresConnection } from './ports';
import type { StepContext } from './strategy';

export interface PostgresStrategyOptions {
  readonly database: Database;
  /** PASSWORD_LENGTH and EXCLUDE_CHARACTERS (passwordOptionsFromEnv). */
  readonly password: PasswordOptions;
}

// A malformed value throws an InputError naming the field and the fix; rotate() makes it the step's RotationError.
export async function currentSecret(ctx: StepContext): Promise<PostgresSecret> {
  return parsePostgresSecret((await ctx.current()).secretString, 'AWSCURRENT');
}

export async function pendingSecret(ctx: StepContext): Promise<PostgresSecret> {
  const version = await ctx.pending();
  if (!version) throw ctx.fail(`version ${ctx.token} (AWSPENDING) has no value yet; run createSecret first`);
  return parsePostgresSecret(version.secretString, 'AWSPENDING');
}

/** The previous value when it parses; an old malformed version is no reason to fail. */
export async function previousSecret(ctx: StepContext): Promise<PostgresSecret | undefined> {
  const version = await ctx.previous();
  if (!version) return undefined;
  try {
    return parsePostgresSecret(version.secretString, 'AWSPREVIOUS');
  } catch {
    return undefined;
  }
}

/** What a pending value must share with AWSCURRENT: where and how this function connects (TLS included). */
export const CONNECTION_KEYS = ['host', 'port', 'dbname', 'ssl'] as const;

/**
 * The pending value is written by whoever may PutSecretValue: it must not redirect this function
 * (and the current password) to another server, nor weaken the connection (`ssl: false`), which
 * every later rotation would copy.
 */
export function checkPendingKeeps(ctx: StepContext, current: PostgresSecret, pending: PostgresSecret, keys: readonly (keyof PostgresSecret)[], fix: string): void {
  for (const key of keys) {
    if (pending[key] !== current[key]) throw ctx.fail(`AWSPENDING's ${key} differs from AWSCURRENT's; ${fix}`);
  }
}

export function newPassword(ctx: StepContext, options: PasswordOptions): string {
  const password = generatePassword(ctx.random, options);
  ctx.addSensitive(password);
  return password;
}

export function endpoint(connection: PostgresConnection): string {
  return `${connection.host}:${connection.port}`;
}

export function sameEndpoint(a: PostgresConnection, b: PostgresConnection): boolean {
  return a.host === b.host && a.port === b.port;
}

type LoginResult = { readonly session: DatabaseSession; readonly error?: undefined } | { readonly session?: undefined; readonly error: Error };

export async function tryLogin(database: Database, connection: PostgresConnection): Promise<LoginResult> {
  try {
    return { session: await database.connect(connection) };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** True when the credential logs in; the session is closed at once. */
export async function logsIn(database: Database, connection: PostgresConnection): Promise<boolean> {
  const login = await tryLogin(database, connection);
  await login.session?.close();
  return login.session !== undefined;
}

export async function withSession<T>(session: DatabaseSession, work: (session: DatabaseSession) => Promise<T>): Promise<T> {
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

const POOLER_REFUSED_HINT =
  'the connection pooler refused the new password: a pgbouncer with a static auth_file does not follow rotations; use auth_query (auth_user), or add the new verifier to its auth_file and RELOAD, then retry (docs/runbooks.md#rotation-behind-a-pooler)';

/**
 * testSecret for both strategies: the pending credential logs in to its `dbname`. That login is
 * the proof: behind a pooler the server-side database may have another name (an alias) and the
 * session another user (a pooler's forced user), so no check compares names after setSecret,
 * where a false failure would lock the application out.
 */
export async function testPending(
  ctx: StepContext,
  database: Database,
  /** A further check on the pending user's own session (e.g. the clone matches its original); throws to fail the test. */
  check?: (session: DatabaseSession, current: PostgresSecret, pending: PostgresSecret) => Promise<void>,
): Promise<void> {
  const pending = await pendingSecret(ctx);
  const current = await currentSecret(ctx);
  checkPendingKeeps(ctx, current, pending, CONNECTION_KEYS, 'rotation never changes where or how it connects: start a new rotation');
  const login = await tryLogin(database, pending);
  if (!login.session) {
    // pgbouncer refusing a password the server was just given: it checks passwords against a static list.
    const hint = passwordRefusedBy(login.error) === 'pooler' ? `; ${POOLER_REFUSED_HINT}` : '';
    throw ctx.fail(`cannot log in as ${pending.username} to ${endpoint(pending)}/${pending.dbname} with AWSPENDING: ${login.error.message}${hint}`, login.error);
  }
  // A statement, not only the login: a pooler (pgbouncer) may answer a login from its own password
  // check and cached greeting without the server's. The statement needs a server connection: one
  // opened for it makes the server log the user in (rolcanlogin, VALID UNTIL, pg_hba, CONNECT)
  // before finishSecret trusts the value; an idle one of the same user and database is reused as is.
  await withSession(login.session, async (session) => (check ? check(session, current, pending) : session.query('SELECT 1')));
}
