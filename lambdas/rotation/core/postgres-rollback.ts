// The database side of a PostgreSQL rollback, for both strategies, with the rotation's own pieces
// (login, SCRAM setPassword, endpoint guards):
// - single user: the user's password goes back to AWSPREVIOUS's, set (as a SCRAM verifier) by
//   logging in with whichever stored password the server holds now (AWSCURRENT, else AWSPENDING);
// - alternating users: AWSPREVIOUS's user normally still logs in (rotation changed the other one of
//   the pair); when not, the master secret sets its password back.
import { parsePostgresSecret, type PostgresSecret } from '../postgres/secret-value';
import type { Database } from './ports';
import { alternateUsername } from '../../../contract/postgres-users';
import { endpoint, logsIn, sameEndpoint, tryLogin, withSession } from './postgres-steps';
import type { DatabaseRollback, RestoreContext } from './rollback';

function parse(ctx: RestoreContext, secretString: string, label: string): PostgresSecret {
  try {
    return parsePostgresSecret(secretString, label);
  } catch (error) {
    throw ctx.fail(`${label} is not a PostgreSQL secret value: ${(error as Error).message}`, error);
  }
}

export function postgresRollback(database: Database): DatabaseRollback {
  const setBy = async (ctx: RestoreContext, login: PostgresSecret, label: string, target: PostgresSecret): Promise<boolean> => {
    const session = await tryLogin(database, login);
    if (!session.session) return false;
    await withSession(session.session, (s) => s.setPassword(target.username, target.password)).catch((error: Error) => {
      throw ctx.fail(`logged in as ${login.username} to ${endpoint(login)} with ${label} but cannot set ${target.username}'s password back: ${error.message}`, error);
    });
    return true;
  };

  return {
    async restore(ctx) {
      const target = parse(ctx, ctx.target.secretString, 'AWSPREVIOUS');
      const current = parse(ctx, ctx.current.secretString, 'AWSCURRENT');
      ctx.addSensitive(target.password, current.password);
      // AWSPREVIOUS is written by whoever may PutSecretValue: it must not point this function at another server.
      if (!sameEndpoint(target, current) || target.dbname !== current.dbname) {
        throw ctx.fail(`AWSPREVIOUS is for ${endpoint(target)}/${target.dbname}, AWSCURRENT for ${endpoint(current)}/${current.dbname}; a rollback never changes the server: fix the versions by hand (docs/runbooks.md#rollback)`);
      }
      if (await logsIn(database, target)) return 'already-accepted';

      if (target.masterarn === undefined) {
        if (target.username !== current.username) {
          throw ctx.fail(`AWSPREVIOUS's user ${target.username} is not AWSCURRENT's ${current.username}; single-user rollback only sets a password back`);
        }
        const pending = ctx.pending ? (() => { try { return parsePostgresSecret(ctx.pending.secretString, 'AWSPENDING'); } catch { return undefined; } })() : undefined;
        const candidates: [string, PostgresSecret | undefined][] = [
          ['AWSCURRENT', current],
          ['AWSPENDING', pending && pending.username === target.username && sameEndpoint(pending, target) ? { ...target, password: pending.password } : undefined],
        ];
        for (const [label, login] of candidates) if (login && (await setBy(ctx, { ...target, password: login.password }, label, target))) return 'restored';
        throw ctx.fail(`cannot log in as ${target.username} to ${endpoint(target)} with AWSPREVIOUS, AWSCURRENT${pending ? ' or AWSPENDING' : ''}: no stored password works; see docs/runbooks.md#rollback`);
      }

      // Alternating users: only the current user's own pair, through the current user's master.
      if (target.username !== current.username && target.username !== alternateUsername(current.username)) {
        throw ctx.fail(`AWSPREVIOUS's user ${target.username} is not ${current.username} or its alternate; refusing to use the master on another role`);
      }
      if (target.masterarn !== current.masterarn) throw ctx.fail('AWSPREVIOUS and AWSCURRENT name different master secrets; fix the versions by hand (docs/runbooks.md#rollback)');
      const master = parse(ctx, (await ctx.otherSecret(target.masterarn)).secretString, `master secret ${target.masterarn}`);
      ctx.addSensitive(master.password);
      if (!sameEndpoint(master, target)) throw ctx.fail(`the master secret ${target.masterarn} is for ${endpoint(master)}, not ${endpoint(target)}`);
      if (await setBy(ctx, master, `the master secret ${target.masterarn}`, target)) return 'restored';
      throw ctx.fail(`cannot log in as ${master.username} to ${endpoint(master)} with the master secret ${target.masterarn}`);
    },

    async test(ctx) {
      const target = parse(ctx, ctx.target.secretString, 'AWSPREVIOUS');
      const login = await tryLogin(database, target);
      if (!login.session) throw ctx.fail(`AWSPREVIOUS still does not log in as ${target.username} to ${endpoint(target)}: ${login.error.message}; no label was moved`, login.error);
      await login.session.close();
    },
  };
}
