// The SNS summary on-call receives when a control regresses (compliant last time, not now).

import { runbookLink, runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import type { ComplianceReport } from './report';

export const REGRESSION_RUNBOOK = runbookLink('compliance-control-regressed');
/** SNS Subject: at most 100 printable ASCII characters. */
const SUBJECT_MAX = 100;
const MAX_RESOURCES_LISTED = 20;

interface AlertMessage {
  readonly subject: string;
  readonly message: string;
}

/** Runbook links are `<runbookBaseUrl>#<section>` with the catalog's base URL (clickable in mail and pagers). */
export function regressionAlert(report: ComplianceReport, reportKey: string, options: RunbookOptions = {}): AlertMessage | null {
  const base = options.runbookBaseUrl ?? null;
  const regressions = report.trend?.regressions ?? [];
  if (regressions.length === 0) return null;
  const subject = `[secrets-warden ${report.environment}] ${regressions.length} compliance control(s) regressed`.replace(/[^\x20-\x7e]/g, '?').slice(0, SUBJECT_MAX);
  const lines = [
    `Environment: ${report.environment}${report.account ? ` (account ${report.account}, ${report.region})` : ` (${report.region})`}`,
    `What happened: ${regressions.length} control(s) that were compliant in the report of ${report.trend!.previousGeneratedAt} are not compliant in the report of ${report.generatedAt}.`,
    `Score: ${report.score.score ?? 'n/a'}% (was ${report.trend!.previousScore ?? 'n/a'}%)`,
    '',
  ];
  for (const r of regressions) {
    const shown = r.resources.slice(0, MAX_RESOURCES_LISTED);
    lines.push(`Control ${r.control}: ${r.title}`);
    lines.push(`  Resources (${r.failingResources}): ${shown.join(', ')}${r.failingResources > shown.length ? `, and ${r.failingResources - shown.length} more` : ''}`);
    lines.push(`  Runbook: ${runbookUrlOf(r.runbook, base)}`);
    lines.push('');
  }
  lines.push(`What to do: follow each control's runbook section; the general procedure is ${runbookUrlOf(REGRESSION_RUNBOOK, base)}.`);
  lines.push(`Full report: ${reportKey}`);
  return { subject, message: lines.join('\n') };
}
