// Alternating users: the master secret sets the password of `<user>_clone` (or `<user>`) while
// the current user keeps working, so no client is ever locked out mid-rotation.
import { identifierBytes, MAX_IDENTIFIER_BYTES, parsePostgresSecret, type PostgresSecret } from '../postgres/secret-value';
import type { DatabaseSession } from './ports';
import { profileDifferences, readRoleProfile } from './postgres-role-profile';
import { alternateUsername } from '../../../contract/postgres-users';
import { createOrUpdateAlternateRole, pairRoles, RoleRefusedError } from './postgres-roles';
import { checkPendingKeeps, CONNECTION_KEYS, currentSecret, endpoint, logsIn, newPassword, pendingSecret, sameEndpoint, testPending, tryLogin, withSession, type PostgresStrategyOptions } from './postgres-steps';
import type { RotationStrategy, StepContext } from './strategy';

const POSTGRES_ALTERNATING_USERS = 'postgres-alternating-users';
/** SQLSTATE 42501. */
const INSUFFICIENT_PRIVILEGE = '42501';

/** The master secret, refused unless it is for the current user's server (its credentials must never travel elsewhere). */
async function masterSecret(ctx: StepContext, current: PostgresSecret): Promise<PostgresSecret> {
  const masterArn = current.masterarn;
  if (masterArn === undefined) throw ctx.fail('AWSCURRENT has no masterarn; alternating users need the master secret');
  const master = parsePostgresSecret((await ctx.otherSecret(masterArn)).secretString, `master secret ${masterArn}`);
  if (!sameEndpoint(master, current)) {
    throw ctx.fail(`the master secret ${masterArn} is for ${endpoint(master)}, not ${endpoint(current)}; masterarn must name the admin secret of the same server`);
  }
  return master;
}

/** Master stages tried in order: AWSCURRENT, then (while the master is itself mid-rotation) AWSPREVIOUS and AWSPENDING. */
const MASTER_FALLBACK_STAGES = ['AWSPREVIOUS', 'AWSPENDING'] as const;

/**
 * Logs in as the master: AWSCURRENT first; when it fails, the master's AWSPREVIOUS and AWSPENDING,
 * each only for the same user on the same server as its AWSCURRENT (they are written by whoever
 * may write the master secret and must not point this function elsewhere). Notes the stage used
 * in the step's log line (`masterStage`).
 */
async function masterLogin(ctx: StepContext, database: PostgresStrategyOptions['database'], current: PostgresSecret): Promise<{ master: PostgresSecret; session: DatabaseSession }> {
  const master = await masterSecret(ctx, current);
  const masterArn = current.masterarn!;
  const first = await tryLogin(database, master);
  if (first.session) {
    ctx.note('masterStage', 'AWSCURRENT');
    return { master, session: first.session };
  }
  const failures: Error[] = [first.error];
  const tried = ['AWSCURRENT'];
  for (const stage of MASTER_FALLBACK_STAGES) {
    const version = await ctx.otherSecretAt(masterArn, stage);
    if (!version) continue;
    let candidate: PostgresSecret;
    try {
      candidate = parsePostgresSecret(version.secretString, `master secret ${masterArn} ${stage}`);
    } catch {
      continue;
    }
    if (candidate.username !== master.username || !sameEndpoint(candidate, master)) continue;
    tried.push(stage);
    const login = await tryLogin(database, { ...master, password: candidate.password });
    if (login.session) {
      ctx.note('masterStage', stage);
      return { master, session: login.session };
    }
    failures.push(login.error);
  }
  const reasons = [...new Set(failures.map((error) => error.message))].join('; ');
  throw ctx.fail(`cannot log in as ${master.username} to ${endpoint(master)} with the master secret ${masterArn} (tried ${tried.join(', ')}): ${reasons}`, failures[0]);
}

/** testSecret's extra proof: the clone is the same user as its original (settings, CONNECTION LIMIT, VALID UNTIL). */
async function checkSameProfile(ctx: StepContext, session: DatabaseSession, current: PostgresSecret, pending: PostgresSecret): Promise<void> {
  const { original, clone } = pairRoles(current.username, pending.username);
  const differences = profileDifferences(await readRoleProfile(session, original), await readRoleProfile(session, clone));
  if (differences.length > 0) {
    throw ctx.fail(`role ${clone} differs from ${original} in ${differences.join(', ')}; setSecret copies them: run a new rotation (or align them with ALTER ROLE) before finishSecret`);
  }
}

export function postgresAlternatingUsersStrategy(options: PostgresStrategyOptions): RotationStrategy {
  const { database } = options;
  return {
    name: POSTGRES_ALTERNATING_USERS,

    async createSecret(ctx) {
      const current = await currentSecret(ctx);
      const username = alternateUsername(current.username);
      // PostgreSQL would silently truncate a longer name into a different role.
      if (identifierBytes(username) > MAX_IDENTIFIER_BYTES) {
        throw ctx.fail(`the alternate user of ${current.username} would be ${identifierBytes(username)} bytes, over PostgreSQL's ${MAX_IDENTIFIER_BYTES}; shorten the username to at most ${MAX_IDENTIFIER_BYTES - 6} bytes`);
      }
      // Fail before the first write when the master could never be used on this server.
      await masterSecret(ctx, current);
      return JSON.stringify({ ...current.fields, username, password: newPassword(ctx, options.password) });
    },

    async setSecret(ctx) {
      const current = await currentSecret(ctx);
      const pending = await pendingSecret(ctx);
      // Confused-deputy guards: the master's power may only reach the current user's own pair,
      // on the current user's server, for a caller who holds the current user's password.
      if (pending.username !== alternateUsername(current.username)) {
        throw ctx.fail(`AWSPENDING's username ${pending.username} is not the alternate of ${current.username}; start a new rotation`);
      }
      checkPendingKeeps(ctx, current, pending, [...CONNECTION_KEYS, 'masterarn'], 'start a new rotation');
      if (await logsIn(database, pending)) return;

      const currentLogin = await tryLogin(database, current);
      if (!currentLogin.session) {
        throw ctx.fail(`cannot log in as ${current.username} to ${endpoint(current)} with AWSCURRENT: ${currentLogin.error.message}; the current user must log in before the master changes its pair`, currentLogin.error);
      }
      await currentLogin.session.close();

      const { master, session: masterSession } = await masterLogin(ctx, database, current);
      await withSession(masterSession, (session) => createOrUpdateAlternateRole(session, current.username, pending.username, pending.password)).catch((error: Error) => {
        const what = error instanceof RoleRefusedError ? 'refusing to change' : 'cannot create or update';
        // PostgreSQL 16+: a CREATEROLE master (RDS's) may only grant or alter roles it holds ADMIN OPTION on.
        const fix = (error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE
          ? `; the master needs ADMIN OPTION on ${current.username} and ${pending.username} (it has it on roles it created; otherwise a superuser runs GRANT ... TO ${master.username} WITH ADMIN OPTION)`
          : '';
        throw ctx.fail(`as ${master.username} on ${endpoint(master)}, ${what} role ${pending.username}: ${error.message}${fix}`, error);
      });
    },

    testSecret: (ctx) => testPending(ctx, database, (session, current, pending) => checkSameProfile(ctx, session, current, pending)),
  };
}
