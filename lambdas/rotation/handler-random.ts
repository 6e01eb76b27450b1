// Rotation function for `random` secrets. Secrets Manager invokes it once per step.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { createLogger } from '../shared/logger';
import { createMetrics } from '../shared/metrics';
import { randomSettingsFromEnv, randomTokenStrategy } from './core/random-token';
import { rotate } from './core/rotate';
import { secretsManagerStore } from './secrets-manager';
import { systemClock, systemRandom } from './system';

// Built once per cold start; a bad RANDOM_* variable fails the init with the variable's name.
const logger = createLogger('rotation-random');
const metrics = createMetrics('rotation-random');
const deps = {
  store: secretsManagerStore(new SecretsManagerClient({})),
  strategy: randomTokenStrategy(randomSettingsFromEnv(process.env)),
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
