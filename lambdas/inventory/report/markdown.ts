// The report a person reads: the summary, then findings from the most severe, each with its
// runbook. Long lists are cut: the JSON holds everything.

import type { AcceptedFinding, Finding, Severity } from '../../../contract/inventory';
import { runbookMarkdownUrl, type RunbookOptions } from '../../../contract/runbook';
import { SEVERITIES } from '../../shared/checks/severity';
import type { FindingSink } from '../history/ledger';
import type { Verdict } from '../history/history';
import type { ReportHead } from '../scan/scan';
import { bySeverityThenId, FirstSorted } from './top';

const MARKDOWN_ROWS_PER_SEVERITY = 200;

interface Row {
  readonly finding: Finding;
  readonly isNew: boolean;
  readonly firstSeen: string;
}

/**
 * The rows the Markdown shows: the first of each severity, kept while the scan judges the findings
 * (never the whole list: a million findings at 500,000 secrets).
 */
export class MarkdownRows implements FindingSink {
  private readonly tops = new Map(SEVERITIES.map((severity) => [severity, new FirstSorted<Row>(MARKDOWN_ROWS_PER_SEVERITY, (a, b) => bySeverityThenId(a.finding, b.finding))]));

  add(finding: Finding, verdict: Verdict): void {
    this.tops.get(finding.severity)!.add({ finding, isNew: verdict.isNew, firstSeen: verdict.firstSeen });
  }

  shown(severity: Severity): Row[] {
    return this.tops.get(severity)!.result();
  }
}

/** What the Markdown needs besides its rows. */
type MarkdownHead = Pick<ReportHead, 'environment' | 'generatedAt' | 'account' | 'region' | 'summary'> & {
  readonly findings: number;
  readonly newFindings: number;
  readonly plaintextCredentials: number;
  /** Findings the catalog accepts until their expiry: listed in their own section, never counted above. */
  readonly accepted?: readonly AcceptedFinding[];
};

function cell(text: string | number | boolean | null): string {
  return String(text ?? '—').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** With the catalog's runbookBaseUrl each finding links `<runbookBaseUrl>#<section>`; without it, names `docs/runbooks.md#<section>`. */
export function renderMarkdown(report: MarkdownHead, rows: MarkdownRows, options: RunbookOptions = {}): string {
  const base = options.runbookBaseUrl ?? null;
  const s = report.summary;
  const lines: string[] = [
    `# Secrets inventory: ${report.environment}`,
    '',
    `Generated ${report.generatedAt} for account ${report.account ?? 'unknown'} in ${report.region}.`,
    '',
    `- Secrets: ${s.secrets} (${s.failedSecrets} read partially)`,
    `- Findings: ${report.findings} (${report.newFindings} new)`,
    `- Plaintext credentials outside Secrets Manager: ${report.plaintextCredentials}`,
    `- Accepted findings (not counted as open): ${report.accepted?.length ?? 0}`,
    '',
    '| Severity | Findings |',
    '|---|---|',
    ...SEVERITIES.map((sev) => `| ${sev} | ${s.findingsBySeverity[sev]} |`),
    '',
  ];
  for (const severity of SEVERITIES) {
    const count = s.findingsBySeverity[severity];
    const group = rows.shown(severity);
    if (group.length === 0) continue;
    lines.push(`## ${severity} (${count})`, '', '| | Finding | First seen | Remediation | Runbook |', '|---|---|---|---|---|');
    for (const r of group) lines.push(row(r, base));
    if (count > group.length) lines.push('', `_${count - group.length} more in the JSON report._`);
    lines.push('');
  }
  const accepted = report.accepted ?? [];
  if (accepted.length > 0) {
    // Few (one per accept entry and finding type), so all listed.
    lines.push(`## ACCEPTED (${accepted.length})`, '', 'Accepted in config/secrets.yaml (`accept:`) until the date shown; a finding again the day after.', '');
    lines.push('| Severity | Finding | Accepted until | Owner | Reason | Runbook |', '|---|---|---|---|---|---|');
    for (const f of accepted) lines.push(`| ${f.severity} | ${cell(f.title)} | ${cell(f.acceptance.expires)} | ${cell(f.acceptance.owner)} | ${cell(f.acceptance.reason)} | ${runbookCell(f.runbook, base)} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function row({ finding: f, isNew, firstSeen }: Row, base: string | null): string {
  return `| ${isNew ? 'NEW' : ''} | ${cell(f.title)} | ${cell(firstSeen)} | ${cell(f.remediation)} | ${runbookCell(f.runbook, base)} |`;
}

function runbookCell(runbook: string, base: string | null): string {
  return base === null ? `\`${runbook}\`` : `[${runbook.slice(runbook.indexOf('#'))}](${runbookMarkdownUrl(runbook, base)})`;
}
