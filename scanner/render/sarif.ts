// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab).
// One run, one rule per detector, one result per finding; the partial fingerprint is the salted
// content fingerprint, so dashboards track a secret across commits. No snippet: it would hold the value.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Rule } from '../../lambdas/shared/detectors';
import type { ScanResult } from '../types';

const LEVEL = { critical: 'error', high: 'error', medium: 'warning' } as const;
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.0' } as const;

export function renderSarif(result: ScanResult, rules: readonly Rule[], version: string): string {
  const used = new Set(result.findings.map((f) => f.rule));
  const descriptors: ReportingDescriptor[] = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({
      id: r.id,
      name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: r.description },
      fullDescription: { text: `${r.description}. Move the value into the secrets catalog (warden scan --suggest) and rotate it at its issuer.` },
      defaultConfiguration: { level: LEVEL[r.sensitivity] },
      properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[r.sensitivity] },
    }));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = result.findings.map((f) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.description}${f.key ? ` in ${f.key}` : ''}: ${f.masked} (${f.length} characters)${f.commit ? `, added in ${f.commit.slice(0, 12)}` : ''}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file === '-' ? 'stdin' : encodeURI(f.file), ...(f.file === '-' ? {} : { uriBaseId: '%SRCROOT%' }) },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, 1) },
        },
      },
    ],
    partialFingerprints: { 'wardenSecret/v1': `${f.fingerprint}:${f.file}` },
    ...(f.baselined ? { baselineState: 'unchanged' as const } : {}),
    properties: { severity: f.severity, ...(f.commit ? { commit: f.commit, author: f.author, date: f.date } : {}) },
  }));
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'warden scan', semanticVersion: version, rules: descriptors } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
