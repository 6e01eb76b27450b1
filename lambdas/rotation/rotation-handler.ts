// What every rotation function shares: the Secrets Manager store, the system clock and random,
// Powertools logging and metrics through the shared handler factory. A handler module supplies only its strategy.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { wardenHandler } from '../shared/handler';
import { rotate } from './core/rotate';
import type { RotationStrategy } from './core/strategy';
import { secretsManagerStore } from './secrets-manager';
import { systemClock, systemRandom } from './system';

/** Call once at module scope: clients are built once per cold start. */
export function rotationHandler(serviceName: string, strategy: RotationStrategy) {
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
    async (event: unknown, deps): Promise<void> => {
      await rotate(event, deps);
    },
  );
}
