// The scan: list every secret (partitioned, see listing.ts), read what ListSecrets lacks with
// bounded adaptive concurrency, turn each into a record and its findings, look for plaintext
// credentials, and compare with the previous report. Pure over ports: no SDK here.

import { describeError } from '../../shared/errors';
import { AdaptiveLimiter } from './adaptive';
import { scanVariables } from './detectors';
import { evaluateSecret, plaintextCredentialFinding, type FindingContext } from './findings';
import { compareWithPrevious, type History, type PreviousReport } from './history';
import { listAllSecrets, type ListingOptions } from './listing';
import { accountOfArn, analysePolicy } from './policy';
import type { Clock, PlaintextSources, ScanLog, SecretListing, SecretsSource } from './ports';
import { INVENTORY_SCHEMA_VERSION, type Finding, type InventoryReport, type PlaintextCredential, type PolicyFacts, type SecretRecord, type Severity } from './record';
import { indexCatalog, toRecord, type PerSecretFacts } from './records';
import type { CatalogSummary } from './catalog-summary';
import { SEVERITIES } from './severity';

export interface ScanOptions {
  readonly listing: ListingOptions;
  /** Concurrency of per-secret calls (GetResourcePolicy, DescribeSecret) before adaptation. */
  readonly perSecretConcurrency: number;
  readonly maxPerSecretConcurrency?: number;
  /** No new GetResourcePolicy call starts after this instant; unread policies are deferred to the next run. */
  readonly policyDeadline?: Date;
  readonly region: string;
  readonly account?: string | null;
}

export interface ScanPorts {
  readonly secrets: SecretsSource;
  readonly plaintext: PlaintextSources | null;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: ScanLog;
  readonly random?: () => number;
}

export interface ScanResult {
  readonly report: InventoryReport;
  readonly history: History;
}

interface CarriedFacts {
  readonly policy: PolicyFacts | null;
  readonly replicas: readonly { region: string; status: string }[];
  readonly checkedAt: string;
}

/** Per-secret facts from the previous report, by ARN. */
function carriedFacts(previous: PreviousReport | null): Map<string, CarriedFacts> {
  const carried = new Map<string, CarriedFacts>();
  for (const s of previous?.secrets ?? []) {
    if (s.policyCheckedAt) carried.set(s.arn, { policy: s.policy, replicas: s.replicas, checkedAt: s.policyCheckedAt });
  }
  return carried;
}

/**
 * LastChangedDate moves on any modification of the secret (DescribeSecret: "modified in any way"),
 * which covers PutResourcePolicy, DeleteResourcePolicy and replication changes: facts read after
 * it are still true.
 */
function isUnchangedSince(listing: SecretListing, checkedAt: string): boolean {
  return listing.lastChanged != null && new Date(listing.lastChanged).getTime() <= new Date(checkedAt).getTime();
}

export async function scan(summary: CatalogSummary, previous: PreviousReport | null, ports: ScanPorts, options: ScanOptions): Promise<ScanResult> {
  const started = ports.clock.now();
  const catalog = indexCatalog(summary);
  const carried = carriedFacts(previous);
  const limiter = new AdaptiveLimiter({
    initial: options.perSecretConcurrency,
    max: options.maxPerSecretConcurrency ?? options.perSecretConcurrency * 4,
    sleep: ports.sleep,
    random: ports.random,
  });
  const records: SecretRecord[] = [];
  const findings: Finding[] = [];
  const context: FindingContext = { now: started, catalog };
  let policyCalls = 0;
  let policiesCarried = 0;
  let policiesDeferred = 0;
  let failedSecrets = 0;

  // ListSecrets already gives tags, rotation, dates and the KMS key; only the resource policy
  // (GetResourcePolicy) and ReplicationStatus (DescribeSecret) need a call per secret, and only
  // when the secret changed since they were last read.
  const factsFor = async (listing: SecretListing): Promise<PerSecretFacts> => {
    const previousFacts = carried.get(listing.arn);
    if (previousFacts && isUnchangedSince(listing, previousFacts.checkedAt)) {
      policiesCarried += 1;
      return { policy: previousFacts.policy, policyCheckedAt: previousFacts.checkedAt, replicas: previousFacts.replicas, error: null };
    }
    if (options.policyDeadline && ports.clock.now().getTime() >= options.policyDeadline.getTime()) {
      policiesDeferred += 1;
      return { policy: previousFacts?.policy ?? null, policyCheckedAt: previousFacts?.checkedAt ?? null, replicas: previousFacts?.replicas ?? [], error: null };
    }
    const errors: string[] = [];
    let policy: PolicyFacts | null = previousFacts?.policy ?? null;
    let policyCheckedAt: string | null = previousFacts?.checkedAt ?? null;
    policyCalls += 1;
    const [document, replicas] = await Promise.allSettled([
      limiter.run(() => ports.secrets.getResourcePolicy(listing.arn)),
      limiter.run(() => ports.secrets.getReplicas(listing.arn)),
    ]);
    if (document.status === 'fulfilled') {
      policy = analysePolicy(document.value, accountOfArn(listing.arn), catalog.foreignReaders(listing.tags['warden:environment'] ?? null));
      policyCheckedAt = ports.clock.now().toISOString();
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

  const onPage = async (page: readonly SecretListing[]): Promise<void> => {
    const built = await Promise.all(page.map(async (listing) => toRecord(listing, catalog, await factsFor(listing))));
    for (const record of built) {
      if (record.error) {
        failedSecrets += 1;
        ports.log.warn('secret read partially', { secret: record.arn, error: record.error });
      }
      records.push(record);
      for (const finding of evaluateSecret(record, context)) findings.push(finding);
    }
  };

  // ListSecrets has its own quota: its retries back off without shrinking the per-secret limiter.
  // A listing that gives up fails the run (completeness cannot be claimed), so it tries harder.
  const listingLimiter = new AdaptiveLimiter({ initial: options.listing.parallelism, max: options.listing.parallelism, maxAttempts: 12, sleep: ports.sleep, random: ports.random });
  const listingStats = await listAllSecrets(ports.secrets, options.listing, onPage, (call) => listingLimiter.run(call));

  const plaintextCredentials: PlaintextCredential[] = [];
  if (ports.plaintext) {
    for await (const fn of ports.plaintext.functions()) plaintextCredentials.push(...scanVariables('lambda-environment', fn.arn, fn.variables));
    for await (const parameter of ports.plaintext.stringParameters()) {
      plaintextCredentials.push(...scanVariables('ssm-parameter', parameter.arn, { [parameter.name]: parameter.value }));
    }
    for (const credential of plaintextCredentials) findings.push(plaintextCredentialFinding(credential));
  }

  const history = compareWithPrevious(findings, previous, started, summary.settings.criticalRealertDays);
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const findingsByType: Partial<Record<Finding['type'], number>> = {};
  for (const f of findings) {
    findingsBySeverity[f.severity] += 1;
    findingsByType[f.type] = (findingsByType[f.type] ?? 0) + 1;
  }
  const finished = ports.clock.now();
  const report: InventoryReport = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    environment: summary.environment,
    account: options.account ?? (records[0] ? accountOfArn(records[0].arn) : null),
    region: options.region,
    generatedAt: started.toISOString(),
    summary: { secrets: records.length, failedSecrets, findingsBySeverity, findingsByType },
    secrets: records,
    plaintextCredentials,
    findings,
    newFindingIds: history.newFindingIds,
    firstSeen: history.firstSeen,
    alertedAt: history.alertedAt,
    scan: {
      durationMs: finished.getTime() - started.getTime(),
      listSecretsCalls: listingStats.listSecretsCalls,
      partitions: listingStats.partitions,
      policyCalls,
      policiesCarried,
      policiesDeferred,
      throttled: limiter.throttles + listingLimiter.throttles,
    },
  };
  ports.log.info('inventory scanned', { secrets: records.length, failedSecrets, findings: findings.length, newFindings: history.newFindingIds.length, ...report.scan });
  return { report, history };
}
