// Single-user rotation: the secret's own user changes its own password. Between setSecret and
// finishSecret only AWSPENDING logs in, which is why setSecret first checks whether it already does.
import type { RotationStrategy } from './strategy';
import { checkPendingKeeps, CONNECTION_KEYS, currentSecret, endpoint, logsIn, newPassword, pendingSecret, previousSecret, sameEndpoint, testPending, tryLogin, withSession, type PostgresStrategyOptions } from './postgres-steps';

const POSTGRES_SINGLE_USER = 'postgres-single-user';

export function postgresSingleUserStrategy(options: PostgresStrategyOptions): RotationStrategy {
  const { database } = options;
  return {
    name: POSTGRES_SINGLE_USER,

    async createSecret(ctx) {
      const current = await currentSecret(ctx);
      return JSON.stringify({ ...current.fields, password: newPassword(ctx, options.password) });
    },

    async setSecret(ctx) {
      const current = await currentSecret(ctx);
      const pending = await pendingSecret(ctx);
      checkPendingKeeps(ctx, current, pending, ['username', ...CONNECTION_KEYS], 'single-user rotation only changes the password: start a new rotation');
      if (await logsIn(database, pending)) return;

      // AWSPREVIOUS is read only when AWSCURRENT fails: one GetSecretValue fewer in the usual case.
      const candidates = [
        { label: 'AWSCURRENT', secret: async () => current },
        {
          label: 'AWSPREVIOUS',
          secret: async () => {
            const previous = await previousSecret(ctx);
            // Only the same user on the same server: AWSPREVIOUS must not point this function elsewhere.
            const same = previous && previous.username === current.username && sameEndpoint(previous, current);
            return same ? { ...current, password: previous.password } : undefined;
          },
        },
      ];
      const failures: Error[] = [];
      const tried: string[] = [];
      for (const candidate of candidates) {
        const secret = await candidate.secret();
        if (!secret) continue;
        tried.push(candidate.label);
        const login = await tryLogin(database, secret);
        if (!login.session) {
          failures.push(login.error);
          continue;
        }
        await withSession(login.session, (session) => session.setPassword(current.username, pending.password)).catch((error: Error) => {
          throw ctx.fail(`logged in as ${current.username} to ${endpoint(current)} with ${candidate.label} but cannot set the new password: ${error.message}`, error);
        });
        return;
      }
      const reasons = [...new Set(failures.map((error) => error.message))].join('; ');
      throw ctx.fail(`cannot log in as ${current.username} to ${endpoint(current)} with ${tried.join(' or ')}: ${reasons}`, failures[0]);
    },

    testSecret: (ctx) => testPending(ctx, database),
  };
}
