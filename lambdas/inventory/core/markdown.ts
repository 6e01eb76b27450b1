// The report a person reads: the summary, then findings from the most severe, each with its
// runbook. Long lists are cut: the JSON holds everything.

import type { Finding, InventoryReport } from './record';
import { SEVERITIES, severityRank } from './severity';

export const MARKDOWN_ROWS_PER_SEVERITY = 200;

function cell(text: string | number | boolean | null): string {
  return String(text ?? '—').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdown(report: InventoryReport): string {
  const s = report.summary;
  const isNew = new Set(report.newFindingIds);
  const lines: string[] = [
    `# Secrets inventory: ${report.environment}`,
    '',
    `Generated ${report.generatedAt} for account ${report.account ?? 'unknown'} in ${report.region}.`,
    '',
    `- Secrets: ${s.secrets} (${s.failedSecrets} read partially)`,
    `- Findings: ${report.findings.length} (${report.newFindingIds.length} new)`,
    `- Plaintext credentials outside Secrets Manager: ${report.plaintextCredentials.length}`,
    '',
    '| Severity | Findings |',
    '|---|---|',
    ...SEVERITIES.map((sev) => `| ${sev} | ${s.findingsBySeverity[sev]} |`),
    '',
  ];
  const sorted = [...report.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
  for (const severity of SEVERITIES) {
    const group = sorted.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(`## ${severity} (${group.length})`, '', '| | Finding | First seen | Remediation | Runbook |', '|---|---|---|---|---|');
    for (const f of group.slice(0, MARKDOWN_ROWS_PER_SEVERITY)) lines.push(row(f, isNew.has(f.id), report.firstSeen[f.id] ?? null));
    if (group.length > MARKDOWN_ROWS_PER_SEVERITY) lines.push('', `_${group.length - MARKDOWN_ROWS_PER_SEVERITY} more in the JSON report._`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function row(f: Finding, isNew: boolean, firstSeen: string | null): string {
  return `| ${isNew ? 'NEW' : ''} | ${cell(f.title)} | ${cell(firstSeen)} | ${cell(f.remediation)} | \`${f.runbook}\` |`;
}
