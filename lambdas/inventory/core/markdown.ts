// The report a person reads: the summary, then findings from the most severe, each with its
// runbook. Long lists are cut: the JSON holds everything.

import type { Finding, InventoryReport } from './record';
import { SEVERITIES } from '../../shared/checks/severity';
import { bySeverityThenId, FirstSorted } from './top';

const MARKDOWN_ROWS_PER_SEVERITY = 200;

function cell(text: string | number | boolean | null): string {
  return String(text ?? '—').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdown(report: InventoryReport): string {
  const s = report.summary;
  const lines: string[] = [
    `# Secrets inventory: ${report.environment}`,
    '',
    `Generated ${report.generatedAt} for account ${report.account ?? 'unknown'} in ${report.region}.`,
    '',
    `- Secrets: ${s.secrets} (${s.failedSecrets} read partially)`,
    `- Findings: ${report.findings.length} (${report.newFindingIds.length} new)`,
    `- Plaintext credentials outside Secrets Manager: ${report.plaintextCredentials.length}`,
    `- Accepted findings (not counted as open): ${report.accepted?.length ?? 0}`,
    '',
    '| Severity | Findings |',
    '|---|---|',
    ...SEVERITIES.map((sev) => `| ${sev} | ${s.findingsBySeverity[sev]} |`),
    '',
  ];
  // One pass over the findings keeps the first rows of each severity; another over the new ids
  // marks the shown ones. Neither holds the whole list (a million findings at 500,000 secrets).
  const tops = new Map(SEVERITIES.map((severity) => [severity, new FirstSorted<Finding>(MARKDOWN_ROWS_PER_SEVERITY, bySeverityThenId)]));
  const counts = new Map(SEVERITIES.map((severity) => [severity, 0]));
  for (const f of report.findings) {
    tops.get(f.severity)!.add(f);
    counts.set(f.severity, counts.get(f.severity)! + 1);
  }
  const shown = new Map(SEVERITIES.map((severity) => [severity, tops.get(severity)!.result()]));
  const shownIds = new Set([...shown.values()].flatMap((rows) => rows.map((f) => f.id)));
  const isNew = new Set<string>();
  for (const id of report.newFindingIds) if (shownIds.has(id)) isNew.add(id);
  for (const severity of SEVERITIES) {
    const count = counts.get(severity)!;
    const group = shown.get(severity)!;
    if (group.length === 0) continue;
    lines.push(`## ${severity} (${count})`, '', '| | Finding | First seen | Remediation | Runbook |', '|---|---|---|---|---|');
    for (const f of group) lines.push(row(f, isNew.has(f.id), report.firstSeen[f.id] ?? null));
    if (count > group.length) lines.push('', `_${count - group.length} more in the JSON report._`);
    lines.push('');
  }
  const accepted = report.accepted ?? [];
  if (accepted.length > 0) {
    // Few (one per accept entry at most per finding type), so all listed.
    lines.push(`## ACCEPTED (${accepted.length})`, '', 'Accepted in config/secrets.yaml (`accept:`) until the date shown; a finding again the day after.', '');
    lines.push('| Severity | Finding | Accepted until | Owner | Reason | Runbook |', '|---|---|---|---|---|---|');
    for (const f of accepted) lines.push(`| ${f.severity} | ${cell(f.title)} | ${cell(f.acceptance.expires)} | ${cell(f.acceptance.owner)} | ${cell(f.acceptance.reason)} | \`${f.runbook}\` |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function row(f: Finding, isNew: boolean, firstSeen: string | null): string {
  return `| ${isNew ? 'NEW' : ''} | ${cell(f.title)} | ${cell(firstSeen)} | ${cell(f.remediation)} | \`${f.runbook}\` |`;
}

