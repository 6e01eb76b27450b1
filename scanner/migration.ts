// The migration report: for each secret found (in the baseline, i.e. when the migration started,
// or now), its old storage, its new storage and whether it moved. A secret is `migrated` when the
// catalog declares the name its finding maps to and the finding is gone from the code.
import type { Baseline } from './baseline';
import { suggestedName } from './suggest';
import type { ScanFinding } from './types';

export type MigrationStatus = 'migrated' | 'declared, still in code' | 'not migrated' | 'removed, not in catalog';

export interface MigrationRow {
  readonly secret: string;
  readonly oldStorage: string;
  readonly newStorage: string;
  readonly status: MigrationStatus;
}

export function migrationRows(baseline: Baseline | null, current: readonly ScanFinding[], catalogNames: ReadonlySet<string>): MigrationRow[] {
  const rows = new Map<string, MigrationRow>();
  const present = new Set(current.map((f) => `${f.fingerprint}\0${f.file}`));
  const add = (name: string, file: string, line: number, rule: string, stillThere: boolean) => {
    const declared = catalogNames.has(name);
    const status: MigrationStatus = declared ? (stillThere ? 'declared, still in code' : 'migrated') : stillThere ? 'not migrated' : 'removed, not in catalog';
    const id = `${name}\0${file}`;
    if (!rows.has(id)) rows.set(id, { secret: name, oldStorage: `${file}:${line} (${rule})`, newStorage: declared ? `Secrets Manager <env>/${name}` : '-', status });
  };
  for (const entry of baseline?.findings ?? []) add(entry.name || suggestedName(entry), entry.file, entry.line, entry.rule, present.has(`${entry.fingerprint}\0${entry.file}`));
  for (const f of current) add(suggestedName(f), f.file, f.line, f.rule, true);
  return [...rows.values()].sort((a, b) => a.secret.localeCompare(b.secret) || a.oldStorage.localeCompare(b.oldStorage));
}

export function renderMigrationReport(rows: readonly MigrationRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const counts = new Map<MigrationStatus, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  return [
    '# Secrets migration',
    '',
    rows.length === 0 ? 'No hard-coded secret found, none in the baseline.' : [...counts].map(([status, n]) => `${n} ${status}`).join(', '),
    '',
    '| secret | old storage | new storage | status |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.secret)} | ${cell(r.oldStorage)} | ${cell(r.newStorage)} | ${r.status} |`),
    '',
  ].join('\n');
}
