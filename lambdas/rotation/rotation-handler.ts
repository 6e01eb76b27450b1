// What every rotation function shares: the Secrets Manager store, the system clock and random,
// Powertools logging and metrics through the shared handler factory. A handler module supplies only its strategy.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { wardenHandler } from '../shared/handler';
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
  return wardenHandler(
    {
      service: serviceName,
      init: ({ logger, metrics }) => ({
        store: secretsManagerStore(new SecretsManagerClient({})),
        strategy,
        clock: systemClock,
        random: systemRandom,
        logger,
        metrics,
      }),
    },
    async (event: unknown, deps): Promise<unknown> => {
      if (isRollbackEvent(event)) return rollback(event, { store: deps.store, database: rollbackDatabase, logger: deps.logger });
      await rotate(event, deps);
      return undefined;
    },
  );
}
