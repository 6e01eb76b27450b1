// The scan: list every secret (partitioned, see listing.ts), read what ListSecrets lacks with
// bounded adaptive concurrency (facts.ts), turn each into a record (records.ts), judge its findings
// once against the previous run (history/ledger.ts, which feeds the sinks), and look for plaintext
// credentials. Pure over ports: no SDK here.

import type { CatalogSummary } from '../../../contract/catalog-summary';
import { INVENTORY_SCHEMA_VERSION, type AcceptedFinding, type InventoryReport, type PlaintextCredential, type SecretRecord } from '../../../contract/inventory';
import { acceptedFindings, checkContext } from '../../shared/checks';
import { plaintextCredentialFinding } from '../../shared/checks/packs/inventory';
import { Interner } from '../../shared/interner';
import { asPreviousState, type PreviousReport, type PreviousState } from '../history/history';
import { FindingJudge, type FindingCounts, type FindingSink, type JudgedFindings } from '../history/ledger';
import type { Clock, PlaintextSources, ScanLog, SecretsSource } from '../ports';
import { AdaptiveLimiter } from './adaptive';
import { factsReader, type FactCounters } from './facts';
import { listAllSecrets, type ListingOptions } from './listing';
import { findPlaintextCredentials } from './plaintext';
import { accountOfArn } from './policy';
import { indexCatalog, toRecord } from './records';

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

/** The report without its per-secret and per-finding parts, in the JSON document's key order. */
export type ReportHead = Pick<InventoryReport, 'schemaVersion' | 'environment' | 'account' | 'region' | 'generatedAt' | 'summary' | 'scan'>;

export interface ScanResult {
  readonly head: ReportHead;
  readonly records: readonly SecretRecord[];
  readonly plaintextCredentials: readonly PlaintextCredential[];
  readonly judged: JudgedFindings;
  readonly counts: Readonly<FindingCounts>;
  /** Findings the catalog accepts (`accept:`): judged again only for the secrets an entry names. */
  readonly accepted: readonly AcceptedFinding[];
}

/** The scan's own counters (the findings are counted by the judge). */
interface ScanCounters extends FactCounters {
  failedSecrets: number;
}

/**
 * Scans the account. Every finding is judged once, while its record is built, and handed to each
 * of `sinks`; the result keeps the records and one small ledger per record, not the findings.
 */
export async function scan(summary: CatalogSummary, previousInput: PreviousReport | PreviousState | null, ports: ScanPorts, options: ScanOptions, sinks: readonly FindingSink[] = []): Promise<ScanResult> {
  const started = ports.clock.now();
  const catalog = indexCatalog(summary);
  let previous = asPreviousState(previousInput);
  const counters: ScanCounters = { policyCalls: 0, policiesCarried: 0, policiesDeferred: 0, failedSecrets: 0 };
  const judge = new FindingJudge(previous, started, summary.settings.criticalRealertDays, checkContext(summary, started), sinks);
  const limiter = new AdaptiveLimiter({
    initial: options.perSecretConcurrency,
    max: options.maxPerSecretConcurrency ?? options.perSecretConcurrency * 4,
    sleep: ports.sleep,
    random: ports.random,
  });
  const factsFor = factsReader({ secrets: ports.secrets, clock: ports.clock, limiter, catalog, deadline: options.policyDeadline, previous: () => previous }, counters);
  const interner = new Interner<string>(50_000);
  const records: SecretRecord[] = [];
  const ledgers: JudgedFindings['ledgers'][number][] = [];

  // ListSecrets has its own quota: its retries back off without shrinking the per-secret limiter.
  // A listing that gives up fails the run (completeness cannot be claimed), so it tries harder.
  const listingLimiter = new AdaptiveLimiter({ initial: options.listing.parallelism, max: options.listing.parallelism, maxAttempts: 12, sleep: ports.sleep, random: ports.random });
  const listingStats = await listAllSecrets(ports.secrets, options.listing, async (page) => {
    const built = await Promise.all(page.map(async (listing) => toRecord(listing, catalog, await factsFor(listing), interner)));
    for (const record of built) {
      if (record.error) {
        counters.failedSecrets += 1;
        ports.log.warn('secret read partially', { secret: record.arn, error: record.error });
      }
      records.push(record);
      ledgers.push(judge.secret(record));
    }
  }, (call) => listingLimiter.run(call));

  const plaintext = ports.plaintext ? await findPlaintextCredentials(ports.plaintext) : [];
  const plaintextCredentials = plaintext.map((found) => found.credential);
  // Few (one per credential found), so held as objects and compared the simple way.
  const others = plaintext.map(({ credential, sensitivity }) => plaintextCredentialFinding(credential, sensitivity));
  const othersHistory = judge.others(others);
  // Not needed any more: without this the previous state would live as long as the result.
  previous = null;
  judge.forgetPrevious();

  const { counts } = judge;
  const finished = ports.clock.now();
  const head: ReportHead = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    environment: summary.environment,
    account: options.account ?? (records[0] ? accountOfArn(records[0].arn) : null),
    region: options.region,
    generatedAt: started.toISOString(),
    summary: { secrets: records.length, failedSecrets: counters.failedSecrets, findingsBySeverity: counts.bySeverity, findingsByType: counts.byType },
    scan: {
      durationMs: finished.getTime() - started.getTime(),
      listSecretsCalls: listingStats.listSecretsCalls,
      partitions: listingStats.partitions,
      policyCalls: counters.policyCalls,
      policiesCarried: counters.policiesCarried,
      policiesDeferred: counters.policiesDeferred,
      throttled: limiter.throttles + listingLimiter.throttles,
    },
  };
  // unorderedPartitions: partitions listed by one walk because the service ignored SortBy (scan/listing.ts).
  ports.log.info('inventory scanned', { secrets: records.length, failedSecrets: counters.failedSecrets, findings: counts.findings, newFindings: counts.newFindings, ...head.scan, unorderedPartitions: listingStats.unorderedPartitions });
  const accepted = acceptedFindings(records, judge.context);
  return { head, records, plaintextCredentials, judged: { records, ledgers, context: judge.context, others, othersHistory }, counts, accepted };
}
