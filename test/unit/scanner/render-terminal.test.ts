// The terminal summary of `warden scan`: counts read as English (one finding, two findings), and a
// finding shows its masked value and length, never the value.
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../../scanner/render/terminal';
import type { ScanFinding, ScanResult, ScanStatistics } from '../../../scanner/types';

const CANARY = 'ghp_CanaryCanaryCanaryCanaryCanary123456';

const statistics: ScanStatistics = {
  mode: 'staged', files: 1, bytes: 120, lines: 0, commits: 0, skippedBinary: 0, skippedHuge: 0, skippedIgnored: 0, allowedInline: 1, workers: 0, durationMs: 12, cpuMs: 9,
};

const finding: ScanFinding = {
  rule: 'github-token', description: 'GitHub token', severity: 'critical', file: 'src/app.ts', line: 2, column: 7, endLine: 2, endColumn: 47,
  key: 'token', fingerprint: '0'.repeat(32), masked: `${CANARY.slice(0, 4)}…`, length: CANARY.length, baselined: false,
};

const result = (findings: ScanFinding[], over: Partial<ScanStatistics> = {}): ScanResult => ({
  root: '/repo', findings, statistics: { ...statistics, ...over }, saltSource: '.warden/salt', warnings: [], rules: [],
});

describe('warden scan terminal summary', () => {
  it('says one finding, one file, and that it fails the scan', () => {
    const text = renderTerminal(result([finding]), 1);
    expect(text).toContain('github-token');
    expect(text).toContain('src/app.ts:2:7 token ghp_… (40)');
    expect(text).toContain('(staged): 1 file, 0.0 MB in 0.01 s; 1 finding (0 in the baseline, 1 allowed inline)');
    expect(text).toContain('1 finding fails the scan.');
    expect(text).not.toContain(CANARY);
  });

  it('counts in the plural, history mode in commits and added lines', () => {
    const text = renderTerminal(result([finding, { ...finding, line: 3 }], { mode: 'history', commits: 2, lines: 1 }), 2);
    expect(text).toContain('(history): 2 commits, 1 added line,');
    expect(text).toContain('2 findings (0 in the baseline');
    expect(text).toContain('2 findings fail the scan.');
  });

  it('keeps a finding whose masked value starts with a line break (a PEM body) on one line', () => {
    const text = renderTerminal(result([{ ...finding, rule: 'private-key', masked: '\nMII…', length: 1651 }]), 1);
    expect(text.split('\n')[0]).toContain('private-key');
    expect(text.split('\n')[0]).toContain('\\nMII… (1651)');
  });

  it('says nothing fails when every finding is in the baseline', () => {
    expect(renderTerminal(result([{ ...finding, baselined: true }]), 0)).toContain('no finding fails the scan');
  });
});
