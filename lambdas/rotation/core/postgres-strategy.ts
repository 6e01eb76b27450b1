// One function rotates every PostgreSQL secret of an environment; the secret says which way
// (docs/architecture.md, "Contracts": `masterarn` present means alternating users, as in AWS's multi-user template).
import { postgresAlternatingUsersStrategy } from './postgres-alternating-users';
import { postgresSingleUserStrategy } from './postgres-single-user';
import { currentSecret, type PostgresStrategyOptions } from './postgres-steps';
import type { RotationStrategy, StepContext } from './strategy';

export function postgresStrategy(options: PostgresStrategyOptions): RotationStrategy {
  const single = postgresSingleUserStrategy(options);
  const alternating = postgresAlternatingUsersStrategy(options);
  const pick = async (ctx: StepContext) => ((await currentSecret(ctx)).masterarn === undefined ? single : alternating);
  return {
    name: 'postgres',
    createSecret: async (ctx) => (await pick(ctx)).createSecret(ctx),
    setSecret: async (ctx) => (await pick(ctx)).setSecret(ctx),
    // Both log the pending user in; alternating users also prove the clone matches its original.
    testSecret: async (ctx) => (await pick(ctx)).testSecret(ctx),
  };
}
