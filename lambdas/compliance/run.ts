// One compliance run: gather the facts, evaluate, render, store, alert on regressions, publish the
// score. Everything that talks to AWS arrives as a port, so tests drive it with stateful doubles.

import { INVENTORY_SCHEMA_VERSION, type InventoryReport } from '../inventory/core/record';
import { aggregateAccess } from './core/access-audit';
import { regressionAlert } from './core/alert';
import type { AuditConfiguration } from './core/audit-configuration';
import { asPreviousReport, buildReport, type ComplianceReport } from './core/report';
import { readAccessEvents, type Pacing, type ReadBounds, type TrailLookup } from './core/trail-reader';
import type { CatalogSummary, Facts } from './core/types';
import type { AlertPublisher } from './adapters/sns-alert';
import type { ReportStore } from './adapters/s3-report-store';
import { renderBadge } from './render/badge';
import { renderHtml } from './render/html';
import { renderJson } from './render/json';
import { renderMarkdown } from './render/markdown';

export const INVENTORY_KEY = 'inventory/latest.json';
export const PREFIX = 'compliance/';
/** LookupEvents reaches back 90 days at most. */
export const MAX_PERIOD_DAYS = 90;

export interface ComplianceMetrics {
  publish(score: number | null, regressions: number): void;
}

export interface ComplianceDeps {
  readonly store: ReportStore;
  readonly auditConfiguration: { read(): Promise<AuditConfiguration> };
  readonly trail: TrailLookup;
  readonly pacing: Pacing;
  readonly alerts: AlertPublisher;
  readonly metrics: ComplianceMetrics;
  readonly now: () => Date;
}

export interface ComplianceOptions {
  readonly catalog: CatalogSummary;
  readonly account: string | null;
  readonly region: string;
  /** Days of CloudTrail history the access audit covers (1-90). */
  readonly periodDays: number;
  readonly bounds: ReadBounds;
  readonly runbookBaseUrl?: string;
}

export interface ComplianceRunResult {
  readonly reportKey: string;
  readonly score: number | null;
  readonly regressions: number;
  readonly eventsRead: number;
  readonly auditTruncated: boolean;
  readonly inventoryFound: boolean;
  readonly alerted: boolean;
}

/** The inventory document if it is one this code understands (same major schema version); otherwise null. */
export function asInventoryReport(document: unknown): InventoryReport | null {
  if (typeof document !== 'object' || document === null) return null;
  const d = document as Partial<InventoryReport>;
  const major = (v: unknown) => (typeof v === 'string' ? v.split('.')[0] : undefined);
  if (major(d.schemaVersion) !== major(INVENTORY_SCHEMA_VERSION) || !Array.isArray(d.secrets) || !Array.isArray(d.plaintextCredentials)) return null;
  return d as InventoryReport;
}

export async function runCompliance(deps: ComplianceDeps, options: ComplianceOptions): Promise<{ result: ComplianceRunResult; report: ComplianceReport }> {
  const now = deps.now();
  const periodDays = Math.min(Math.max(options.periodDays, 1), MAX_PERIOD_DAYS);
  const period = { start: new Date(now.getTime() - periodDays * 86_400_000), end: now };

  const inventory = asInventoryReport(await deps.store.readJson(INVENTORY_KEY));
  const previous = asPreviousReport(await deps.store.readJson(`${PREFIX}latest.json`));
  const auditConfiguration = await deps.auditConfiguration.read();
  const read = await readAccessEvents(deps.trail, deps.pacing, period, options.bounds);
  const accessAudit = aggregateAccess(read, period, options.catalog, inventory?.secrets ?? []);

  const facts: Facts = { environment: options.catalog.environment, account: options.account, now, catalog: options.catalog, inventory, auditConfiguration, accessAudit };
  const report = buildReport(facts, options.region, previous);

  const stamp = report.generatedAt;
  const outputs: [string, string, string][] = [
    ['json', renderJson(report), 'application/json'],
    ['md', renderMarkdown(report), 'text/markdown; charset=utf-8'],
    ['html', renderHtml(report, { runbookBaseUrl: options.runbookBaseUrl }), 'text/html; charset=utf-8'],
  ];
  // The dated copies first: latest.* never points past the history it summarises.
  for (const [ext, body, type] of outputs) await deps.store.write(`${PREFIX}${stamp}.${ext}`, body, type);
  for (const [ext, body, type] of outputs) await deps.store.write(`${PREFIX}latest.${ext}`, body, type);
  await deps.store.write(`${PREFIX}badge.svg`, renderBadge(report), 'image/svg+xml');

  const reportKey = `${PREFIX}${stamp}.html`;
  const alert = regressionAlert(report, reportKey);
  if (alert) await deps.alerts.publish(alert.subject, alert.message);
  const regressions = report.trend?.regressions.length ?? 0;
  deps.metrics.publish(report.score.score, regressions);

  return {
    report,
    result: {
      reportKey,
      score: report.score.score,
      regressions,
      eventsRead: accessAudit.eventsRead,
      auditTruncated: accessAudit.truncated,
      inventoryFound: inventory !== null,
      alerted: alert !== null,
    },
  };
}
