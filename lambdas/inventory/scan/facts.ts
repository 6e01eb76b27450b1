// What ListSecrets lacks, per secret: the resource policy (GetResourcePolicy) and ReplicationStatus
// (DescribeSecret). Read only when the secret changed since they were last read, and not at all
// after the policy deadline (deferred to the next run).

import { TAG } from '../../../contract/catalog';
import type { PolicyFacts } from '../../../contract/inventory';
import { describeError } from '../../shared/errors';
import type { PreviousState } from '../history/history';
import type { Clock, SecretListing, SecretsSource } from '../ports';
import type { AdaptiveLimiter } from './adaptive';
import { accountOfArn, analysePolicy } from './policy';
import type { CatalogIndex, PerSecretFacts } from './records';

/** How each secret's facts were obtained. */
export interface FactCounters {
  policyCalls: number;
  policiesCarried: number;
  policiesDeferred: number;
}

interface FactsDependencies {
  readonly secrets: SecretsSource;
  readonly clock: Clock;
  readonly limiter: AdaptiveLimiter;
  readonly catalog: CatalogIndex;
  /** No new GetResourcePolicy call starts after this instant. */
  readonly deadline: Date | undefined;
  /** The previous run; read while secrets are listed, then let go by the scan. */
  readonly previous: () => PreviousState | null;
}

/**
 * LastChangedDate moves on any modification of the secret (DescribeSecret: "modified in any way"),
 * which covers PutResourcePolicy, DeleteResourcePolicy and replication changes: facts read after
 * it are still true.
 */
function isUnchangedSince(listing: SecretListing, checkedAt: string): boolean {
  return listing.lastChanged != null && new Date(listing.lastChanged).getTime() <= new Date(checkedAt).getTime();
}

/** The per-secret facts reader of one scan, counting into `counters`. */
export function factsReader(deps: FactsDependencies, counters: FactCounters): (listing: SecretListing) => Promise<PerSecretFacts> {
  return async (listing) => {
    const known = deps.previous()?.secrets.get(listing.arn);
    const previousFacts = known?.policyCheckedAt ? { policy: known.policy, replicas: known.replicas, checkedAt: known.policyCheckedAt } : undefined;
    if (previousFacts && isUnchangedSince(listing, previousFacts.checkedAt)) {
      counters.policiesCarried += 1;
      return { policy: previousFacts.policy, policyCheckedAt: previousFacts.checkedAt, replicas: previousFacts.replicas, error: null };
    }
    if (deps.deadline && deps.clock.now().getTime() >= deps.deadline.getTime()) {
      counters.policiesDeferred += 1;
      return { policy: previousFacts?.policy ?? null, policyCheckedAt: previousFacts?.checkedAt ?? null, replicas: previousFacts?.replicas ?? [], error: null };
    }
    const errors: string[] = [];
    let policy: PolicyFacts | null = previousFacts?.policy ?? null;
    let policyCheckedAt: string | null = previousFacts?.checkedAt ?? null;
    counters.policyCalls += 1;
    const [document, replicas] = await Promise.allSettled([
      deps.limiter.run(() => deps.secrets.getResourcePolicy(listing.arn)),
      deps.limiter.run(() => deps.secrets.getReplicas(listing.arn)),
    ]);
    if (document.status === 'fulfilled') {
      policy = analysePolicy(document.value, accountOfArn(listing.arn), deps.catalog.foreignReaders(listing.tags[TAG.environment] ?? null));
      policyCheckedAt = deps.clock.now().toISOString();
    } else {
      errors.push(`GetResourcePolicy: ${describeError(document.reason)}`);
    }
    if (replicas.status === 'rejected') errors.push(`DescribeSecret: ${describeError(replicas.reason)}`);
    return {
      policy,
      // A failed DescribeSecret must not mark the policy fresh: both are read again next run.
      policyCheckedAt: replicas.status === 'fulfilled' ? policyCheckedAt : previousFacts?.checkedAt ?? null,
      replicas: replicas.status === 'fulfilled' ? replicas.value : previousFacts?.replicas ?? [],
      error: errors.length > 0 ? errors.join('; ') : null,
    };
  };
}
