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

interface CarriedPolicy {
  readonly facts: PolicyFacts | null;
  readonly checkedAt: string;
}

/** Policies from the previous report that are still valid: the secret has not changed since they were read. */
function carriedPolicies(previous: PreviousReport | null): Map<string, CarriedPolicy> {
  const carried = new Map<string, CarriedPolicy>();
  for (const s of previous?.secrets ?? []) {
    if (s.policyCheckedAt) carried.set(s.arn, { facts: s.policy, checkedAt: s.policyCheckedAt });
  }
  return carried;
}

function isUnchangedSince(listing: SecretListing, checkedAt: string): boolean {
  // LastChangedDate moves on any modification of the secret, including PutResourcePolicy and
  // DeleteResourcePolicy (DescribeSecret: "modified in any way").
  return listing.lastChanged != null && new Date(listing.lastChanged).getTime() <= new Date(checkedAt).getTime();
}

export async function scan(summary: CatalogSummary, previous: PreviousReport | null, ports: ScanPorts, options: ScanOptions): Promise<ScanResult> {
  const started = ports.clock.now();
  const catalog = indexCatalog(summary);
  const carried = carriedPolicies(previous);
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

  const factsFor = async (listing: SecretListing): Promise<PerSecretFacts> => {
    const ownAccount = accountOfArn(listing.arn);
    const previousPolicy = carried.get(listing.arn);
    let policy: PolicyFacts | null = previousPolicy?.facts ?? null;
    let policyCheckedAt: string | null = previousPolicy?.checkedAt ?? null;
    const errors: string[] = [];
    if (previousPolicy && isUnchangedSince(listing, previousPolicy.checkedAt)) {
      policiesCarried += 1;
    } else if (options.policyDeadline && ports.clock.now().getTime() >= options.policyDeadline.getTime()) {
      policiesDeferred += 1;
    } else {
      try {
        policyCalls += 1;
        const document = await limiter.run(() => ports.secrets.getResourcePolicy(listing.arn));
        policy = analysePolicy(document, ownAccount, catalog.foreignReaders(listing.tags['warden:environment'] ?? null));
        policyCheckedAt = ports.clock.now().toISOString();
      } catch (error) {
        errors.push(`GetResourcePolicy: ${describeError(error)}`);
      }
    }
    let replicas: { region: string; status: string }[] = [];
    if (listing.primaryRegion != null) {
      try {
        replicas = await limiter.run(() => ports.secrets.getReplicas(listing.arn));
      } catch (error) {
        errors.push(`DescribeSecret: ${describeError(error)}`);
      }
    }
    return { policy, policyCheckedAt, replicas, error: errors.length > 0 ? errors.join('; ') : null };
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
  const listingLimiter = new AdaptiveLimiter({ initial: options.listing.parallelism, max: options.listing.parallelism, sleep: ports.sleep, random: ports.random });
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
