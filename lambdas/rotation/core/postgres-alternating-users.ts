// Alternating users: the master secret sets the password of `<user>_clone` (or `<user>`) while
// the current user keeps working, so no client is ever locked out mid-rotation.
import { identifierBytes, MAX_IDENTIFIER_BYTES, parsePostgresSecret, type PostgresSecret } from '../postgres/secret-value';
import { alternateUsername, createOrUpdateAlternateRole, RoleRefusedError } from './postgres-roles';
import { checkPendingKeeps, CONNECTION_KEYS, currentSecret, endpoint, logsIn, newPassword, pendingSecret, sameEndpoint, testPending, tryLogin, withSession, type PostgresStrategyOptions } from './postgres-steps';
import type { RotationStrategy, StepContext } from './strategy';

export const POSTGRES_ALTERNATING_USERS = 'postgres-alternating-users';
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

      const master = await masterSecret(ctx, current);
      const masterLogin = await tryLogin(database, master);
      if (!masterLogin.session) {
        throw ctx.fail(`cannot log in as ${master.username} to ${endpoint(master)} with the master secret ${current.masterarn}: ${masterLogin.error.message}`, masterLogin.error);
      }
      await withSession(masterLogin.session, (session) => createOrUpdateAlternateRole(session, current.username, pending.username, pending.password)).catch((error: Error) => {
        const what = error instanceof RoleRefusedError ? 'refusing to change' : 'cannot create or update';
        // PostgreSQL 16+: a CREATEROLE master (RDS's) may only grant or alter roles it holds ADMIN OPTION on.
        const fix = (error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE
          ? `; the master needs ADMIN OPTION on ${current.username} and ${pending.username} (it has it on roles it created; otherwise a superuser runs GRANT ... TO ${master.username} WITH ADMIN OPTION)`
          : '';
        throw ctx.fail(`as ${master.username} on ${endpoint(master)}, ${what} role ${pending.username}: ${error.message}${fix}`, error);
      });
    },

    testSecret: (ctx) => testPending(ctx, database),
  };
}
