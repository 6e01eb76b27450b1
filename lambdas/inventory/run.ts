// One scheduled run, in four steps: read the previous state (history/state-file.ts), scan (which
// judges every finding once and feeds the Markdown rows and the digest lines as it goes), publish the
// reports (report/), then hand out the metrics and the digest. The timestamped report is written
// first and `latest.*` last, after the digest went out: a run that fails half way leaves
// `latest.json` on the previous run, so the next run alerts again rather than never.

import type { CatalogSummary } from '../../contract/catalog-summary';
import type { InventoryReport } from '../../contract/inventory';
import { REPORT_KEYS } from '../../contract/reports';
import { readPreviousState, STATE_JSON, stateChunks } from './history/state-file';
import type { MetricsSink, Notifier, ReportStore } from './ports';
import { buildDigest, DigestLines } from './report/digest';
import { factsChunks } from './report/facts';
import { reportJsonChunks, reportParts } from './report/json';
import { MarkdownRows, renderMarkdown } from './report/markdown';
import { inventoryMetrics } from './report/metrics';
import { scan, type ReportHead, type ScanOptions, type ScanPorts, type ScanResult } from './scan/scan';

export interface RunPorts extends ScanPorts {
  readonly reports: ReportStore;
  readonly metrics: MetricsSink;
  readonly notifier: Notifier;
  /** Renders the badge SVG (badge-maker lives outside the core). */
  readonly badge: (report: Pick<InventoryReport, 'environment' | 'summary'>) => string;
}

export interface RunOutcome {
  /** The report without its per-secret and per-finding arrays (what the handler returns and logs). */
  readonly head: ReportHead;
  readonly findings: number;
  readonly newFindings: number;
  readonly plaintextCredentials: number;
  readonly reportKey: string;
  readonly alerted: number;
  /**
   * Builds the whole report as plain arrays and objects: every rule runs again and the findings,
   * ids and dates are all held (about 1 GB more at 500,000 secrets). A method, not a property, so
   * the cost shows where it is paid: for tests and small accounts; the handler never calls it.
   */
  buildReport(): InventoryReport;
}

/** `inventory/<ISO timestamp>` (docs/architecture.md, "Contracts": reports); ISO timestamps sort in time order as S3 keys. */
export function reportKeyFor(generatedAt: string): string {
  return `${REPORT_KEYS.inventoryPrefix}${generatedAt}`;
}

export async function runInventory(summary: CatalogSummary, ports: RunPorts, options: ScanOptions): Promise<RunOutcome> {
  const rows = new MarkdownRows();
  const alerts = new DigestLines();
  const result = await scan(summary, await readPreviousState(ports.reports), ports, options, [rows, alerts]);
  const { head, counts } = result;
  const key = reportKeyFor(head.generatedAt);
  // Reports and the digest link runbook sections under the catalog's runbookBaseUrl, when it sets one.
  const links = { runbookBaseUrl: summary.runbookBaseUrl ?? null };
  const markdown = renderMarkdown({ ...head, findings: counts.findings, newFindings: counts.newFindings, plaintextCredentials: result.plaintextCredentials.length, accepted: result.accepted }, rows, links);

  // Produced once (the one walk that rebuilds the findings), written under both keys.
  const json = await ports.reports.stage(reportJsonChunks(reportParts(result), links), 'application/json');
  try {
    await json.writeTo(`${key}.json`);
    await ports.reports.write(`${key}.md`, markdown, 'text/markdown; charset=utf-8');

    ports.metrics.publish(inventoryMetrics({ ...head, newFindingIds: { length: counts.newFindings } }));

    const digest = buildDigest(head, alerts, `${key}.md`, links);
    if (digest) await ports.notifier.publish(digest.subject, digest.message);

    await ports.reports.write(REPORT_KEYS.inventoryLatestMarkdown, markdown, 'text/markdown; charset=utf-8');
    await ports.reports.write(REPORT_KEYS.inventoryBadge, ports.badge(head), 'image/svg+xml');
    await ports.reports.write(REPORT_KEYS.inventoryFacts, factsChunks({ ...head, secrets: result.records, plaintextCredentials: result.plaintextCredentials }), 'application/x-ndjson');
    await json.writeTo(REPORT_KEYS.inventoryLatestJson);
  } finally {
    json.discard();
  }
  await ports.reports.write(STATE_JSON, stateChunks(result), 'application/x-ndjson');
  ports.log.info('inventory published', { reportKey: `${key}.json`, alerted: counts.alerts });
  return outcome(result, `${key}.json`);
}

function outcome(result: ScanResult, reportKey: string): RunOutcome {
  return {
    head: result.head,
    findings: result.counts.findings,
    newFindings: result.counts.newFindings,
    plaintextCredentials: result.plaintextCredentials.length,
    reportKey,
    alerted: result.counts.alerts,
    buildReport: () => materialise(result),
  };
}

/** The JSON report's parts (report/json.ts) as arrays and objects. */
function materialise(result: ScanResult): InventoryReport {
  const { scan: scanFacts, ...rest } = result.head;
  const parts = reportParts(result);
  return {
    ...rest,
    secrets: result.records,
    plaintextCredentials: result.plaintextCredentials,
    findings: [...parts.findings],
    accepted: result.accepted,
    newFindingIds: [...parts.newFindingIds],
    firstSeen: Object.fromEntries(parts.firstSeen),
    alertedAt: Object.fromEntries(parts.alertedAt),
    scan: scanFacts,
  };
}
