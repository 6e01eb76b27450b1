// What every rotation function shares: the Secrets Manager store, the system clock and random,
// Powertools logging and metrics through the shared handler factory. A handler module supplies only its strategy.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { invokedThroughRollbackAlias, ROLLBACK_ALIAS } from '../../contract/rollback';
import { InputError } from '../shared/errors';
import { wardenHandler } from '../shared/handler';
import { rotate } from './core/rotate';
import { isRollbackEvent, rollback, type DatabaseRollback } from './core/rollback';
import type { RotationStrategy } from './core/strategy';
import { secretsManagerStore } from './secrets-manager';
import { systemClock, systemRandom } from './system';

/**
 * Call once at module scope: clients are built once per cold start. Events from Secrets Manager
 * (the unqualified function) rotate; the `warden:rollback` action rolls back, with
 * `rollbackDatabase` for secrets whose credential lives in a database. The rollback action runs
 * only when invoked through the `rollback` alias, which only the environment's admin role may
 * invoke (its resource policy, lib/constructs/rotation-functions.ts); Secrets Manager's permission
 * is on the unqualified function and does not reach the alias. Either entry refuses the other's
 * events: a rollback through the unqualified function, a rotation event through the alias.
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
    async (event: unknown, deps, context): Promise<unknown> => {
      const viaAlias = invokedThroughRollbackAlias(context?.invokedFunctionArn);
      if (isRollbackEvent(event)) {
        if (!viaAlias) {
          throw new InputError(
            'context.invokedFunctionArn',
            `the rollback action runs only through the function's \`${ROLLBACK_ALIAS}\` alias, not ${context?.invokedFunctionArn ?? 'an unknown ARN'}`,
            `invoke <function ARN>:${ROLLBACK_ALIAS} with the environment's admin role (npx warden rollback does)`,
          );
        }
        return rollback(event, { store: deps.store, database: rollbackDatabase, logger: deps.logger });
      }
      if (viaAlias) {
        throw new InputError('event', `the \`${ROLLBACK_ALIAS}\` alias runs only the rollback action; rotation events go to the unqualified function`, 'configure rotation with the function ARN without a qualifier');
      }
      await rotate(event, deps);
      return undefined;
    },
  );
}
