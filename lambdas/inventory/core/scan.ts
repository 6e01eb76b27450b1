// The scan: list every secret (partitioned, see listing.ts), read what ListSecrets lacks with
// bounded adaptive concurrency, turn each into a record and its findings, look for plaintext
// credentials, and compare with the previous report. Pure over ports: no SDK here.

import { TAG } from '../../../contract/catalog';
import { describeError } from '../../shared/errors';
import { AdaptiveLimiter } from './adaptive';
import { scanVariables } from './detectors';
import { acceptedFindings, checkContext, INVENTORY_PACK, inventoryFindings, type CheckContext } from '../../shared/checks';
import { findingId, plaintextCredentialFinding } from '../../shared/checks/packs/inventory';
import { asPreviousState, compareWithPrevious, Interner, judge, splitSecretFindingId, type History, type PreviousReport, type PreviousState } from './history';
import { lazyList, lazyRecord } from './lazy';
import { listAllSecrets, type ListingOptions } from './listing';
import { accountOfArn, analysePolicy } from './policy';
import type { Clock, PlaintextSources, ScanLog, SecretListing, SecretsSource } from './ports';
import { INVENTORY_SCHEMA_VERSION, type Finding, type FindingType, type InventoryReport, type PlaintextCredential, type PolicyFacts, type SecretRecord, type Severity } from './record';
import { indexCatalog, toRecord, type PerSecretFacts } from './records';
import type { CatalogSummary } from '../../../contract/catalog-summary';
import { SEVERITIES } from '../../shared/checks/severity';

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

interface ScanResult {
  readonly report: InventoryReport;
  readonly history: History;
}

/** The only bit of each secret kept about its findings; the findings themselves are rebuilt when read. */
interface Ledger {
  /** Bit i: INVENTORY_PACK[i] raised a finding. */
  readonly mask: number;
  readonly newMask: number;
  readonly alertMask: number;
  readonly reminderMask: number;
  readonly alertedMask: number;
  /** One date shared by all its findings (the usual case), or one per finding type. */
  readonly firstSeen: string | Partial<Record<FindingType, string>>;
  readonly alertedAt: string | Partial<Record<FindingType, string>> | null;
}

const RULE_BIT = new Map<FindingType, number>(INVENTORY_PACK.map((rule, i) => [rule.type, i]));

function dateFor(value: string | Partial<Record<FindingType, string>> | null, type: FindingType): string | undefined {
  return value === null ? undefined : typeof value === 'string' ? value : value[type];
}

/**
 * LastChangedDate moves on any modification of the secret (DescribeSecret: "modified in any way"),
 * which covers PutResourcePolicy, DeleteResourcePolicy and replication changes: facts read after
 * it are still true.
 */
function isUnchangedSince(listing: SecretListing, checkedAt: string): boolean {
  return listing.lastChanged != null && new Date(listing.lastChanged).getTime() <= new Date(checkedAt).getTime();
}

export async function scan(summary: CatalogSummary, previousInput: PreviousReport | PreviousState | null, ports: ScanPorts, options: ScanOptions): Promise<ScanResult> {
  const started = ports.clock.now();
  const startedIso = started.toISOString();
  const catalog = indexCatalog(summary);
  let previous = asPreviousState(previousInput);
  const interner = new Interner<string>(50_000);
  const limiter = new AdaptiveLimiter({
    initial: options.perSecretConcurrency,
    max: options.maxPerSecretConcurrency ?? options.perSecretConcurrency * 4,
    sleep: ports.sleep,
    random: ports.random,
  });
  const records: SecretRecord[] = [];
  // Per record, aligned with `records`; undefined for a secret without findings.
  const ledgers: (Ledger | undefined)[] = [];
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const findingsByType: Partial<Record<Finding['type'], number>> = {};
  let findingCount = 0;
  let newCount = 0;
  let alertCount = 0;
  let reminderCount = 0;
  const realert = summary.settings.criticalRealertDays;
  const context: CheckContext = checkContext(summary, started);
  let policyCalls = 0;
  let policiesCarried = 0;
  let policiesDeferred = 0;
  let failedSecrets = 0;

  // ListSecrets already gives tags, rotation, dates and the KMS key; only the resource policy
  // (GetResourcePolicy) and ReplicationStatus (DescribeSecret) need a call per secret, and only
  // when the secret changed since they were last read.
  const factsFor = async (listing: SecretListing): Promise<PerSecretFacts> => {
    const known = previous?.secrets.get(listing.arn);
    const previousFacts = known?.policyCheckedAt ? { policy: known.policy, replicas: known.replicas, checkedAt: known.policyCheckedAt } : undefined;
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
      policy = analysePolicy(document.value, accountOfArn(listing.arn), catalog.foreignReaders(listing.tags[TAG.environment] ?? null));
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
    const built = await Promise.all(page.map(async (listing) => toRecord(listing, catalog, await factsFor(listing), interner)));
    for (const record of built) {
      if (record.error) {
        failedSecrets += 1;
        ports.log.warn('secret read partially', { secret: record.arn, error: record.error });
      }
      records.push(record);
      ledgers.push(ledgerOf(record));
    }
  };

  // The findings of one secret are judged here, counted, and dropped: only the ledger stays.
  const ledgerOf = (record: SecretRecord): Ledger | undefined => {
    const found = inventoryFindings(record, context);
    if (found.length === 0) return undefined;
    const open = previous?.secrets.get(record.arn)?.open ?? undefined;
    let mask = 0, newMask = 0, alertMask = 0, reminderMask = 0, alertedMask = 0;
    const firstSeen: Partial<Record<FindingType, string>> = {};
    const alertedAt: Partial<Record<FindingType, string>> = {};
    let sharedFirst: string | undefined, sharedAlert: string | undefined;
    let uniformFirst = true, uniformAlert = true;
    for (const finding of found) {
      const bit = 1 << RULE_BIT.get(finding.type)!;
      // An ARN that does not look like one keeps its findings keyed by id (PreviousStateBuilder).
      const was = open?.[finding.type] ?? previous?.other.get(finding.id);
      const verdict = judge(finding.severity, was, started, startedIso, realert);
      mask |= bit;
      findingCount += 1;
      findingsBySeverity[finding.severity] += 1;
      findingsByType[finding.type] = (findingsByType[finding.type] ?? 0) + 1;
      if (verdict.isNew) {
        newMask |= bit;
        newCount += 1;
      }
      if (verdict.alert) {
        alertMask |= bit;
        alertCount += 1;
      }
      if (verdict.reminder) {
        reminderMask |= bit;
        reminderCount += 1;
      }
      firstSeen[finding.type] = verdict.firstSeen;
      if (sharedFirst === undefined) sharedFirst = verdict.firstSeen;
      else if (sharedFirst !== verdict.firstSeen) uniformFirst = false;
      if (verdict.alertedAt !== undefined) {
        alertedMask |= bit;
        alertedAt[finding.type] = verdict.alertedAt;
        if (sharedAlert === undefined) sharedAlert = verdict.alertedAt;
        else if (sharedAlert !== verdict.alertedAt) uniformAlert = false;
      }
    }
    return {
      mask, newMask, alertMask, reminderMask, alertedMask,
      firstSeen: uniformFirst ? sharedFirst! : firstSeen,
      alertedAt: alertedMask === 0 ? null : uniformAlert ? sharedAlert! : alertedAt,
    };
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
  }
  // Few (one per credential found), so held as objects and compared the simple way.
  const plaintextFindings = plaintextCredentials.map(plaintextCredentialFinding);
  const plain = compareWithPrevious(plaintextFindings, previous, started, realert);
  // The closures of this function (the report's lazy views among them) share its scope: without
  // this the previous state (about 150 MB at 500,000 secrets) would live until the report is gone.
  previous = null;
  for (const f of plaintextFindings) {
    findingCount += 1;
    findingsBySeverity[f.severity] += 1;
    findingsByType[f.type] = (findingsByType[f.type] ?? 0) + 1;
  }

  const view = findingViews({ records, ledgers, context, plaintextFindings });
  const history: History = {
    newFindingIds: lazyList(newCount + plain.newCount, () => view.ids('newMask', plain.newFindingIds)),
    firstSeen: view.dates('firstSeen', plain.firstSeen),
    alertedAt: view.dates('alertedAt', plain.alertedAt),
    toAlert: lazyList(alertCount + plain.alertCount, () => view.findings('alertMask', plain.toAlert)),
    reminders: lazyList(reminderCount + plain.reminderCount, () => view.findings('reminderMask', plain.reminders)),
    newCount: newCount + plain.newCount,
    alertCount: alertCount + plain.alertCount,
    reminderCount: reminderCount + plain.reminderCount,
  };
  const findings = lazyList(findingCount, () => view.findings('mask', plaintextFindings));
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
    accepted: acceptedFindings(records, context),
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
  ports.log.info('inventory scanned', { secrets: records.length, failedSecrets, findings: findingCount, newFindings: history.newCount, ...report.scan });
  return { report, history };
}

interface ViewSource {
  readonly records: readonly SecretRecord[];
  readonly ledgers: readonly (Ledger | undefined)[];
  readonly context: CheckContext;
  readonly plaintextFindings: readonly Finding[];
}

/**
 * The report's findings, ids and dates, rebuilt from the records and ledgers when read. The rules
 * are pure over (record, scan time, catalog), so a finding rebuilt while the report is written is
 * the one judged during the scan.
 */
function findingViews({ records, ledgers, context, plaintextFindings }: ViewSource) {
  let byArn: Map<string, number> | null = null;
  const indexOf = (arn: string): number | undefined => {
    if (byArn === null) {
      byArn = new Map();
      for (let i = 0; i < records.length; i += 1) if (ledgers[i] !== undefined) byArn.set(records[i]!.arn, i);
    }
    return byArn.get(arn);
  };
  const plaintextIds = new Set(plaintextFindings.map((f) => f.id));

  function* findings(select: 'mask' | 'alertMask' | 'reminderMask', rest: readonly Finding[]): Generator<Finding> {
    for (let i = 0; i < records.length; i += 1) {
      const ledger = ledgers[i];
      if (ledger === undefined || ledger[select] === 0) continue;
      for (const finding of inventoryFindings(records[i]!, context)) {
        if (ledger[select] & (1 << RULE_BIT.get(finding.type)!)) yield finding;
      }
    }
    yield* rest;
  }

  function* ids(select: 'newMask', rest: readonly string[]): Generator<string> {
    for (let i = 0; i < records.length; i += 1) {
      const ledger = ledgers[i];
      if (ledger === undefined || ledger[select] === 0) continue;
      for (const rule of INVENTORY_PACK) if (ledger[select] & (1 << RULE_BIT.get(rule.type)!)) yield findingId(rule.type, records[i]!.arn);
    }
    yield* rest;
  }

  function dates(which: 'firstSeen' | 'alertedAt', rest: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
    const mask = (ledger: Ledger) => (which === 'firstSeen' ? ledger.mask : ledger.alertedMask);
    return lazyRecord(
      (id) => {
        if (plaintextIds.has(id)) return rest[id];
        const secret = splitSecretFindingId(id);
        const index = secret ? indexOf(secret.arn) : undefined;
        const ledger = index === undefined ? undefined : ledgers[index];
        if (!secret || !ledger || !(mask(ledger) & (1 << (RULE_BIT.get(secret.type) ?? 31)))) return undefined;
        return dateFor(ledger[which], secret.type);
      },
      function* () {
        for (let i = 0; i < records.length; i += 1) {
          const ledger = ledgers[i];
          if (ledger === undefined) continue;
          for (const rule of INVENTORY_PACK) {
            if (mask(ledger) & (1 << RULE_BIT.get(rule.type)!)) yield [findingId(rule.type, records[i]!.arn), dateFor(ledger[which], rule.type)!];
          }
        }
        yield* Object.entries(rest);
      },
    );
  }

  return { findings, ids, dates };
}
