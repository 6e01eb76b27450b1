// One scheduled run: read the previous report, scan, then write the reports, publish metrics and
// the digest. The timestamped report is written first and `latest.*` last, after the digest went
// out: a run that fails half way leaves `latest.json` on the previous run, so the next run alerts
// again rather than never.

import type { CatalogSummary } from './catalog-summary';
import { buildDigest } from './digest';
import type { PreviousReport } from './history';
import { renderMarkdown } from './markdown';
import { batchMetricData, inventoryMetrics } from './metrics';
import type { MetricsSink, Notifier, ReportStore } from './ports';
import type { InventoryReport } from './record';
import { reportJsonChunks } from './report-json';
import { scan, type ScanOptions, type ScanPorts } from './scan';

export const REPORT_PREFIX = 'inventory/';
export const LATEST_JSON = `${REPORT_PREFIX}latest.json`;
/**
 * The scan's memory between runs: first-seen and alert dates, and per-secret facts still valid.
 * A fraction of the report's size: at 500,000 secrets `latest.json` passes 1 GB, more than one
 * string can hold, while the state stays around 200 MB.
 */
export const STATE_JSON = `${REPORT_PREFIX}state.json`;

export function* stateJsonChunks(report: InventoryReport): Generator<string> {
  yield `{"generatedAt":${JSON.stringify(report.generatedAt)},"firstSeen":${JSON.stringify(report.firstSeen)},"alertedAt":${JSON.stringify(report.alertedAt ?? {})},"secrets":[`;
  let first = true;
  for (const s of report.secrets) {
    if (!s.policyCheckedAt) continue;
    yield `${first ? '' : ','}${JSON.stringify({ arn: s.arn, policy: s.policy, replicas: s.replicas, policyCheckedAt: s.policyCheckedAt })}`;
    first = false;
  }
  yield ']}\n';
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

/** `inventory/<ISO timestamp>` (DESIGN.md, "Reports"); ISO timestamps sort in time order as S3 keys. */
export function reportKeyFor(generatedAt: string): string {
  return `${REPORT_PREFIX}${generatedAt}`;
}

export async function runInventory(summary: CatalogSummary, ports: RunPorts, options: ScanOptions): Promise<RunOutcome> {
  const previous = (await ports.reports.readJson<PreviousReport>(STATE_JSON)) ?? (await ports.reports.readJson<PreviousReport>(LATEST_JSON));
  const { report, history } = await scan(summary, previous, ports, options);
  const key = reportKeyFor(report.generatedAt);
  const markdown = renderMarkdown(report);

  await ports.reports.write(`${key}.json`, reportJsonChunks(report), 'application/json');
  await ports.reports.write(`${key}.md`, markdown, 'text/markdown; charset=utf-8');

  for (const batch of batchMetricData(inventoryMetrics(report))) await ports.metrics.put(batch);

  const digest = buildDigest(report, history, `${key}.md`);
  if (digest) await ports.notifier.publish(digest.subject, digest.message);

  await ports.reports.write(`${REPORT_PREFIX}latest.md`, markdown, 'text/markdown; charset=utf-8');
  await ports.reports.write(`${REPORT_PREFIX}badge.svg`, ports.badge(report), 'image/svg+xml');
  await ports.reports.write(LATEST_JSON, reportJsonChunks(report), 'application/json');
  await ports.reports.write(STATE_JSON, stateJsonChunks(report), 'application/json');
  ports.log.info('inventory published', { reportKey: `${key}.json`, alerted: history.toAlert.length });
  return { report, reportKey: `${key}.json`, alerted: history.toAlert.length };
}
