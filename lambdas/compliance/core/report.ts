// Assembles the report document from the facts and the previous report: controls evaluated,
// scores, trend, top risks and the access audit. The renderers only present what is here.

import type { AccessAudit } from './access-audit';
import { CONTROLS } from './controls/index';
import { evaluateControl, frameworkScores, score, trendAgainst, type ControlResult, type FrameworkScore, type PreviousReport, type Score, type Trend } from './score';
import type { Control, ControlSeverity, Facts } from './types';

const COMPLIANCE_SCHEMA_VERSION = '1.0';

interface Risk {
  readonly control: string;
  readonly title: string;
  readonly severity: ControlSeverity;
  readonly failingResources: number;
  /** Up to five resource names, most telling first. */
  readonly examples: readonly string[];
  readonly remediation: string;
  readonly runbook: string;
}

export interface ComplianceReport {
  readonly schemaVersion: typeof COMPLIANCE_SCHEMA_VERSION;
  readonly environment: string;
  readonly account: string | null;
  readonly region: string;
  readonly generatedAt: string;
  readonly inventory: { readonly generatedAt: string | null; readonly secrets: number };
  readonly score: Score;
  readonly frameworks: readonly FrameworkScore[];
  readonly controls: readonly ControlResult[];
  readonly trend: Trend | null;
  readonly topRisks: readonly Risk[];
  readonly accessAudit: AccessAudit;
}

const SEVERITY_RANK: Record<ControlSeverity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };
const TOP_RISKS = 10;

/** Failing controls, worst first: severity, then how many resources fail. */
export function topRisks(results: readonly ControlResult[], limit = TOP_RISKS): Risk[] {
  return results
    .filter((r) => r.status === 'NON_COMPLIANT')
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.counts.nonCompliant - a.counts.nonCompliant || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((r) => ({
      control: r.id,
      title: r.title,
      severity: r.severity,
      failingResources: r.counts.nonCompliant,
      examples: r.evaluations.filter((e) => e.status === 'NON_COMPLIANT').slice(0, 5).map((e) => e.resourceName),
      remediation: r.remediation,
      runbook: r.runbook,
    }));
}

export function buildReport(facts: Facts, region: string, previous: PreviousReport | null, controls: readonly Control[] = CONTROLS): ComplianceReport {
  const results = controls.map((control) => evaluateControl(control, control.evaluate(facts)));
  const overall = score(results);
  const frameworks = frameworkScores(results);
  return {
    schemaVersion: COMPLIANCE_SCHEMA_VERSION,
    environment: facts.environment,
    account: facts.account,
    region,
    generatedAt: facts.now.toISOString(),
    inventory: { generatedAt: facts.inventory?.generatedAt ?? null, secrets: facts.inventory?.secrets.length ?? 0 },
    score: overall,
    frameworks,
    controls: results,
    trend: trendAgainst(previous, results, overall, frameworks),
    topRisks: topRisks(results),
    accessAudit: facts.accessAudit,
  };
}

/** Reads a previous report for the trend; null when it is absent or of another major schema version. */
export function asPreviousReport(document: unknown): PreviousReport | null {
  if (typeof document !== 'object' || document === null) return null;
  const d = document as Partial<ComplianceReport>;
  if (typeof d.schemaVersion !== 'string' || d.schemaVersion.split('.')[0] !== COMPLIANCE_SCHEMA_VERSION.split('.')[0]) return null;
  if (typeof d.generatedAt !== 'string' || !Array.isArray(d.controls) || !Array.isArray(d.frameworks) || typeof d.score !== 'object' || d.score === null) return null;
  return d as PreviousReport;
}
