// One compliance run: gather the facts, evaluate, render, store, alert on regressions, publish the
// score. Everything that talks to AWS arrives as a port, so tests drive it with stateful doubles.

import { REPORT_KEYS } from '../../contract/reports';
import { WardenError } from '../shared/errors';
import { INVENTORY_SCHEMA_VERSION, type InventoryReport, type SecretRecord } from '../../contract/inventory';
import { aggregateAccess } from './core/access-audit';
import { regressionAlert } from './core/alert';
import { asPreviousReport, buildReport, type ComplianceReport } from './core/report';
import { readAccessEvents, type Pacing, type ReadBounds, type TrailLookup } from './core/trail-reader';
import type { ComplianceCatalog, Facts } from './core/types';
import type { AlertPublisher, AuditConfigurationReader, ComplianceMetrics, ReportStore } from './core/ports';
import { renderBadge } from './render/badge';
import { renderHtml } from './render/html';
import { renderJson } from './render/json';
import { renderMarkdown } from './render/markdown';

export const INVENTORY_KEY = REPORT_KEYS.inventoryLatestJson;
/**
 * Written by the inventory beside `latest.json` (lambdas/inventory/report/facts.ts): a header line (the
 * report without its per-secret arrays), then one secret record per line. At 500,000 secrets
 * `latest.json` is over 1 GB, past what JSON.parse can take as one string (V8 strings stop near
 * 512 MB), so the records are read line by line from this file; `latest.json` is the fallback for
 * inventories written before it existed.
 */
export const INVENTORY_FACTS_KEY = REPORT_KEYS.inventoryFacts;
const PREFIX = REPORT_KEYS.compliancePrefix;
/** LookupEvents reaches back 90 days at most. */
const MAX_PERIOD_DAYS = 90;

export interface ComplianceDeps {
  readonly store: ReportStore;
  readonly auditConfiguration: AuditConfigurationReader;
  readonly trail: TrailLookup;
  readonly pacing: Pacing;
  readonly alerts: AlertPublisher;
  readonly metrics: ComplianceMetrics;
  readonly now: () => Date;
}

export interface ComplianceOptions {
  readonly catalog: ComplianceCatalog;
  readonly account: string | null;
  readonly region: string;
  /** Days of CloudTrail history the access audit covers (1-90). */
  readonly periodDays: number;
  readonly bounds: ReadBounds;
  /** The catalog summary's runbookBaseUrl: reports and the alert link `<runbookBaseUrl>#<section>`. */
  readonly runbookBaseUrl?: string | null;
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
function asInventoryReport(document: unknown): InventoryReport | null {
  if (typeof document !== 'object' || document === null) return null;
  const d = document as Partial<InventoryReport>;
  const major = (v: unknown) => (typeof v === 'string' ? v.split('.')[0] : undefined);
  if (major(d.schemaVersion) !== major(INVENTORY_SCHEMA_VERSION) || !Array.isArray(d.secrets) || !Array.isArray(d.plaintextCredentials)) return null;
  return d as InventoryReport;
}

export class InventoryFactsError extends WardenError {}

type FactsHeader = Omit<InventoryReport, 'secrets' | 'findings' | 'newFindingIds' | 'firstSeen'> & Partial<Pick<InventoryReport, 'findings' | 'newFindingIds' | 'firstSeen'>> & { readonly records?: number };

/** The inventory from its facts file, else from `latest.json`; null when neither is usable. */
export async function readInventory(store: ReportStore): Promise<InventoryReport | null> {
  // A missing facts file (or one the role may not read: S3 answers 403 for both without
  // s3:ListBucket) is null, and latest.json is the fallback.
  const lines = await store.readLines(INVENTORY_FACTS_KEY);
  if (lines === null) return asInventoryReport(await store.readJson(INVENTORY_KEY));
  let header: FactsHeader | null = null;
  const secrets: SecretRecord[] = [];
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (cause) {
      throw new InventoryFactsError(`${INVENTORY_FACTS_KEY} line ${line} is not JSON; run the inventory scan again to rewrite it`, { cause });
    }
    if (header === null) {
      // The header carries what asInventoryReport checks of latest.json, with no records yet.
      if (asInventoryReport({ ...(document as object), secrets: [] }) === null) return null;
      header = document as FactsHeader;
      continue;
    }
    secrets.push(document as SecretRecord);
  }
  if (header === null) return null;
  if (typeof header.records === 'number' && header.records !== secrets.length) {
    throw new InventoryFactsError(`${INVENTORY_FACTS_KEY} announces ${header.records} secrets but holds ${secrets.length}; run the inventory scan again to rewrite it`);
  }
  const { records: _records, ...report } = header;
  // Findings and their bookkeeping stay in latest.json: no control reads them.
  return { ...report, secrets, findings: report.findings ?? [], newFindingIds: report.newFindingIds ?? [], firstSeen: report.firstSeen ?? {} };
}

export async function runCompliance(deps: ComplianceDeps, options: ComplianceOptions): Promise<{ result: ComplianceRunResult; report: ComplianceReport }> {
  const now = deps.now();
  const periodDays = Math.min(Math.max(options.periodDays, 1), MAX_PERIOD_DAYS);
  const period = { start: new Date(now.getTime() - periodDays * 86_400_000), end: now };

  const inventory = await readInventory(deps.store);
  const previous = asPreviousReport(await deps.store.readJson(REPORT_KEYS.complianceLatestJson));
  const auditConfiguration = await deps.auditConfiguration.read();
  const read = await readAccessEvents(deps.trail, deps.pacing, period, options.bounds);
  const accessAudit = aggregateAccess(read, period, options.catalog, inventory?.secrets ?? []);

  const facts: Facts = { environment: options.catalog.environment, account: options.account, now, catalog: options.catalog, inventory, auditConfiguration, accessAudit };
  const report = buildReport(facts, options.region, previous);

  const stamp = report.generatedAt;
  const outputs: [string, string, string][] = [
    ['json', renderJson(report, options), 'application/json'],
    ['md', renderMarkdown(report, options), 'text/markdown; charset=utf-8'],
    ['html', renderHtml(report, options), 'text/html; charset=utf-8'],
  ];
  // The dated copies first: latest.* never points past the history it summarises.
  for (const [ext, body, type] of outputs) await deps.store.write(`${PREFIX}${stamp}.${ext}`, body, type);
  for (const [ext, body, type] of outputs) await deps.store.write(`${PREFIX}latest.${ext}`, body, type);
  await deps.store.write(`${PREFIX}badge.svg`, renderBadge(report), 'image/svg+xml');

  const reportKey = `${PREFIX}${stamp}.html`;
  const alert = regressionAlert(report, reportKey, options);
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
