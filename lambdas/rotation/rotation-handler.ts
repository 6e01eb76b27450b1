// What every rotation function shares: the Secrets Manager store, the system clock and random,
// Powertools logging and metrics under middy. A handler module supplies only its strategy.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { createLogger } from '../shared/logger';
import { createMetrics } from '../shared/metrics';
import { rotate } from './core/rotate';
import { isRollbackEvent, rollback, type DatabaseRollback } from './core/rollback';
import type { RotationStrategy } from './core/strategy';
import { secretsManagerStore } from './secrets-manager';
import { systemClock, systemRandom } from './system';

/**
 * Call once at module scope: clients are built once per cold start. Events from Secrets Manager
 * rotate; the `warden:rollback` action (invoked directly by the admin role, `warden rollback`)
 * rolls back, with `rollbackDatabase` for secrets whose credential lives in a database.
 */
export function rotationHandler(serviceName: string, strategy: RotationStrategy, rollbackDatabase?: DatabaseRollback) {
  const logger = createLogger(serviceName);
  const metrics = createMetrics(serviceName);
  const deps = {
    store: secretsManagerStore(new SecretsManagerClient({})),
    strategy,
    clock: systemClock,
    random: systemRandom,
    logger,
    metrics,
  };
  return middy(async (event: unknown): Promise<unknown> => {
    if (isRollbackEvent(event)) return rollback(event, { store: deps.store, database: rollbackDatabase, logger });
    await rotate(event, deps);
    return undefined;
  })
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics));
}
