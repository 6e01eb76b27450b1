// `--format markdown` (secrets_inventory.md): the inventory of hard-coded secrets grouped by
// sensitivity, with secret, usage, current storage and risk, the columns catalog users expect.
import { SENSITIVITIES } from '../../lambdas/shared/detectors';
import { suggestedName } from '../suggest';
import type { ScanFinding, ScanResult } from '../types';

const RISK: Record<string, string> = {
  critical: 'Anyone who can read the repository (or a clone, a CI log, a fork) holds database, cloud or signing access.',
  high: 'Anyone who can read the repository can call the API, take payments or impersonate the service.',
  medium: 'Anyone who can read the repository can use the third-party or internal token.',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function storageOf(f: ScanFinding): string {
  const base = f.storage ?? 'hard-coded in source';
  return f.commit ? `${base}, git history (commit ${f.commit.slice(0, 12)}, ${f.date?.slice(0, 10) ?? ''})` : base;
}

export function renderMarkdown(result: ScanResult): string {
  const { findings, statistics } = result;
  const lines = [
    '# Secrets inventory',
    '',
    `Scanned by \`warden scan\` (${statistics.mode}): ${statistics.files} files, ${findings.length} findings (${findings.filter((f) => f.baselined).length} in the baseline). Values are never shown: the first characters and the length only.`,
    '',
  ];
  for (const severity of SENSITIVITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(`## ${severity[0]!.toUpperCase()}${severity.slice(1)} (${group.length})`, '', RISK[severity]!, '');
    lines.push('| secret | usage | current storage | risk | status |', '|---|---|---|---|---|');
    for (const f of group) {
      const secret = `${suggestedName(f)} (\`${f.masked}\` ${f.length} chars)`;
      const usage = `${f.file}:${f.line}${f.key ? ` \`${f.key}\`` : ''}`;
      lines.push(`| ${cell(secret)} | ${cell(usage)} | ${cell(storageOf(f))} | ${cell(`${f.description} (${f.rule})`)} | ${f.baselined ? 'baselined' : 'new'} |`);
    }
    lines.push('');
  }
  if (findings.length === 0) lines.push('No hard-coded secret found.', '');
  return lines.join('\n');
}
