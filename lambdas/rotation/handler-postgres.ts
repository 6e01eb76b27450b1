// Rotation function for PostgreSQL secrets (single user, or alternating users when the secret
// has `masterarn`). Secrets Manager invokes it once per step.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { createLogger } from '../shared/logger';
import { createMetrics } from '../shared/metrics';
import { passwordOptionsFromEnv } from './core/password';
import { postgresStrategy } from './core/postgres-strategy';
import { rotate } from './core/rotate';
import { postgresDatabase } from './postgres/database';
import { secretsManagerStore } from './secrets-manager';
import { systemClock, systemRandom } from './system';

// Built once per cold start; a bad PASSWORD_LENGTH, EXCLUDE_CHARACTERS, DB_*_TIMEOUT_MS or
// EXTRA_CA_FILE fails the init with the variable's name.
const logger = createLogger('rotation-postgres');
const metrics = createMetrics('rotation-postgres');
const deps = {
  store: secretsManagerStore(new SecretsManagerClient({})),
  strategy: postgresStrategy({ database: postgresDatabase(), password: passwordOptionsFromEnv(process.env) }),
  clock: systemClock,
  random: systemRandom,
  logger,
  metrics,
};

export const handler = middy(async (event: unknown): Promise<void> => {
  await rotate(event, deps);
})
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
