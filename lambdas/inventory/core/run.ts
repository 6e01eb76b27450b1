// One scheduled run: read the previous report, scan, then write the reports, publish metrics and
// the digest. The timestamped report is written first and `latest.*` last, after the digest went
// out: a run that fails half way leaves `latest.json` on the previous run, so the next run alerts
// again rather than never.

import type { CatalogSummary } from '../../../contract/catalog-summary';
import { REPORT_KEYS } from '../../../contract/reports';
import { buildDigest } from './digest';
import { WardenError } from '../../shared/errors';
import { entriesOf } from './lazy';
import { PreviousStateBuilder, previousStateOf, type History, type OpenFinding, type PreviousReport, type PreviousState } from './history';
import { renderMarkdown } from './markdown';
import { inventoryMetrics } from './metrics';
import type { MetricsSink, Notifier, ReportStore } from './ports';
import type { FindingType, InventoryReport, PolicyFacts } from './record';
import { reportJsonChunks } from './report-json';
import { scan, type ScanOptions, type ScanPorts } from './scan';

const REPORT_PREFIX = REPORT_KEYS.inventoryPrefix;
const LATEST_JSON = REPORT_KEYS.inventoryLatestJson;
/**
 * The scan's memory between runs, one JSON document per line: a header, then per secret the facts
 * still valid (policy, replicas, when read) and its open findings (first seen, last alerted), then
 * findings on other resources. Read line by line into a map keyed by ARN: at 500,000 secrets
 * `latest.json` passes 1 GB, more than one string can hold, and even a single-document state would
 * be parsed whole. The key stays `state.json` (the one the function may read, see
 * lib/constructs/inventory-scan.ts); earlier versions wrote one JSON document there, which is the
 * first and only line of such a file and is still read.
 */
export const STATE_JSON = REPORT_KEYS.inventoryState;
/**
 * What the compliance report needs of the inventory, one line per secret after a header line (the
 * report without its per-secret arrays and finding bookkeeping). The compliance Lambda reads it line
 * by line instead of parsing `latest.json` (lambdas/compliance/run.ts), which past about 200,000
 * secrets is larger than a V8 string may be.
 */
const LATEST_FACTS_NDJSON = REPORT_KEYS.inventoryFacts;
const STATE_VERSION = 2;

interface StateHeader {
  readonly state: number;
  readonly generatedAt: string;
}
type StateLine =
  | { readonly arn: string; readonly policy: PolicyFacts | null; readonly replicas: { region: string; status: string }[]; readonly policyCheckedAt: string | null; readonly open?: Partial<Record<FindingType, OpenFinding>> }
  | { readonly id: string; readonly open: OpenFinding };

export function* stateChunks(report: InventoryReport, history: History): Generator<string> {
  yield `${JSON.stringify({ state: STATE_VERSION, generatedAt: report.generatedAt } satisfies StateHeader)}\n`;
  // The first-seen entries come grouped by secret in the order of `report.secrets`, then those of
  // other resources; the alerted entries are a subsequence of them (see scan.ts). Both are walked
  // once, side by side, without rebuilding a finding or looking an id up.
  const firstSeen = entriesOf(history.firstSeen)[Symbol.iterator]();
  const alerted = entriesOf(history.alertedAt)[Symbol.iterator]();
  let seen = firstSeen.next();
  let alert = alerted.next();
  const openOf = (id: string, first: string): OpenFinding => {
    let alertedAt: string | null = null;
    if (!alert.done && alert.value[0] === id) {
      alertedAt = alert.value[1];
      alert = alerted.next();
    }
    return [first, alertedAt];
  };
  const batch: string[] = [];
  const flush = function* (force: boolean): Generator<string> {
    if (batch.length >= 1000 || (force && batch.length > 0)) {
      yield `${batch.join('\n')}\n`;
      batch.length = 0;
    }
  };
  for (const s of report.secrets) {
    let open: Partial<Record<FindingType, OpenFinding>> | undefined;
    for (; !seen.done; seen = firstSeen.next()) {
      const [id, first] = seen.value;
      // `<type>:<arn>`; a type has no colon.
      const colon = id.indexOf(':');
      if (id.slice(colon + 1) !== s.arn) break;
      (open ??= {})[id.slice(0, colon) as FindingType] = openOf(id, first);
    }
    if (!s.policyCheckedAt && !open) continue;
    batch.push(JSON.stringify({ arn: s.arn, policy: s.policy, replicas: [...s.replicas], policyCheckedAt: s.policyCheckedAt ?? null, ...(open ? { open } : {}) } satisfies StateLine));
    yield* flush(false);
  }
  for (; !seen.done; seen = firstSeen.next()) {
    batch.push(JSON.stringify({ id: seen.value[0], open: openOf(seen.value[0], seen.value[1]) } satisfies StateLine));
    yield* flush(false);
  }
  yield* flush(true);
}

/** The previous run: `state.json` line by line (or its one-document legacy form), else `latest.json`. */
async function readPreviousState(reports: ReportStore): Promise<PreviousState | null> {
  const lines = await reports.readLines(STATE_JSON);
  if (lines === null) return previousStateOf(await reports.readJson<PreviousReport>(LATEST_JSON));
  let builder: PreviousStateBuilder | null = null;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (builder === null) {
      const header = JSON.parse(line) as Partial<StateHeader> & Partial<PreviousReport>;
      if (header.state === undefined && typeof header.generatedAt === 'string') return previousStateOf(header as PreviousReport);
      if (header.state !== STATE_VERSION) throw new StateFormatError(STATE_JSON, header.state);
      builder = new PreviousStateBuilder(header.generatedAt!);
      continue;
    }
    const entry = JSON.parse(line) as StateLine;
    if ('id' in entry) {
      builder.finding(entry.id, entry.open[0], entry.open[1]);
      continue;
    }
    if (entry.policyCheckedAt) builder.facts(entry.arn, entry.policy, entry.replicas, entry.policyCheckedAt);
    for (const [type, [firstSeen, alertedAt]] of Object.entries(entry.open ?? {}) as [FindingType, OpenFinding][]) builder.finding(`${type}:${entry.arn}`, firstSeen, alertedAt);
  }
  return builder?.build() ?? null;
}

class StateFormatError extends WardenError {
  constructor(key: string, version: unknown) {
    super(`${key} has state version ${JSON.stringify(version)}, this function reads ${STATE_VERSION}; delete the object (the next run starts afresh and alerts on every open finding once)`);
  }
}

/** The header line of the facts file: the report without its per-secret arrays and finding bookkeeping. */
export function* factsChunks(report: InventoryReport): Generator<string> {
  const { schemaVersion, environment, account, region, generatedAt, summary, plaintextCredentials, scan } = report;
  yield `${JSON.stringify({ schemaVersion, environment, account, region, generatedAt, summary, plaintextCredentials, scan, records: report.secrets.length })}\n`;
  const batch: string[] = [];
  for (const s of report.secrets) {
    batch.push(JSON.stringify(s));
    if (batch.length === 1000) {
      yield `${batch.join('\n')}\n`;
      batch.length = 0;
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

export interface RunPorts extends ScanPorts {
  readonly reports: ReportStore;
  readonly metrics: MetricsSink;
  readonly notifier: Notifier;
  /** Renders the badge SVG (badge-maker lives outside the core). */
  readonly badge: (report: InventoryReport) => string;
}

export interface RunOutcome {
  readonly report: InventoryReport;
  readonly reportKey: string;
  readonly alerted: number;
}

/** `inventory/<ISO timestamp>` (docs/architecture.md, "Contracts": reports); ISO timestamps sort in time order as S3 keys. */
export function reportKeyFor(generatedAt: string): string {
  return `${REPORT_PREFIX}${generatedAt}`;
}

export async function runInventory(summary: CatalogSummary, ports: RunPorts, options: ScanOptions): Promise<RunOutcome> {
  let previous = await readPreviousState(ports.reports);
  const scanning = scan(summary, previous, ports, options);
  // Not needed once the scan has it; dropped here so that it does not outlive the scan.
  previous = null;
  const { report, history } = await scanning;
  const key = reportKeyFor(report.generatedAt);
  // Reports and the digest link runbook sections under the catalog's runbookBaseUrl, when it sets one.
  const links = { runbookBaseUrl: summary.runbookBaseUrl ?? null };
  const markdown = renderMarkdown(report, links);

  await ports.reports.write(`${key}.json`, reportJsonChunks(report, links), 'application/json');
  await ports.reports.write(`${key}.md`, markdown, 'text/markdown; charset=utf-8');

  ports.metrics.publish(inventoryMetrics(report));

  const digest = buildDigest(report, history, `${key}.md`, links);
  if (digest) await ports.notifier.publish(digest.subject, digest.message);

  await ports.reports.write(REPORT_KEYS.inventoryLatestMarkdown, markdown, 'text/markdown; charset=utf-8');
  await ports.reports.write(REPORT_KEYS.inventoryBadge, ports.badge(report), 'image/svg+xml');
  await ports.reports.write(LATEST_FACTS_NDJSON, factsChunks(report), 'application/x-ndjson');
  await ports.reports.write(LATEST_JSON, reportJsonChunks(report, links), 'application/json');
  await ports.reports.write(STATE_JSON, stateChunks(report, history), 'application/x-ndjson');
  ports.log.info('inventory published', { reportKey: `${key}.json`, alerted: history.toAlert.length });
  return { report, reportKey: `${key}.json`, alerted: history.toAlert.length };
}
