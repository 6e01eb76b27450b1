// Baselines: findings accepted as they are, keyed by content fingerprint and path (never by
// commit or line), so one file applies to the working tree, --staged and history alike.
import { readFileSync, writeFileSync } from 'node:fs';
import type { ScanFinding } from './types';
import { suggestedName } from './suggest';

const BASELINE_SCHEMA_VERSION = '1';

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly file: string;
  readonly rule: string;
  /** Informational: where it was when the baseline was written. */
  readonly line: number;
  readonly key: string | null;
  /** The catalog name --suggest proposes (the migration report follows it). */
  readonly name: string;
  readonly masked: string;
}

export interface Baseline {
  readonly schemaVersion: string;
  readonly tool: 'warden scan';
  readonly findings: readonly BaselineEntry[];
}

export class BaselineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BaselineError';
  }
}

const keyOf = (f: { fingerprint: string; file: string }) => `${f.fingerprint}\0${f.file}`;

export function readBaseline(path: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${path}: ${(error as Error).message}`, { cause: error });
  }
  const findings = (parsed as Baseline | null)?.findings;
  if (!Array.isArray(findings) || findings.some((f) => typeof f?.fingerprint !== 'string' || typeof f?.file !== 'string')) {
    throw new BaselineError(`${path} is not a warden baseline: it needs a findings array of { fingerprint, file } (write one with --write-baseline)`);
  }
  return parsed as Baseline;
}

/** Marks the findings the baseline holds (same fingerprint and path). */
export function applyBaseline(findings: readonly ScanFinding[], baseline: Baseline | null): ScanFinding[] {
  if (!baseline) return [...findings];
  const known = new Set(baseline.findings.map(keyOf));
  return findings.map((f) => (known.has(keyOf(f)) ? { ...f, baselined: true } : f));
}

export function baselineOf(findings: readonly ScanFinding[]): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(keyOf(f))) continue;
    seen.add(keyOf(f));
    entries.push({ fingerprint: f.fingerprint, file: f.file, rule: f.rule, line: f.line, key: f.key, name: suggestedName(f), masked: f.masked });
  }
  return { schemaVersion: BASELINE_SCHEMA_VERSION, tool: 'warden scan', findings: entries };
}

export function writeBaseline(path: string, findings: readonly ScanFinding[]): void {
  writeFileSync(path, `${JSON.stringify(baselineOf(findings), null, 2)}\n`);
}
