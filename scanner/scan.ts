// One scan, start to end: pick the source (working tree, index, history, stdin), run the shared
// detector engine over each text, apply `warden:allow`, `.wardenignore` and the baseline.
// The CLI (cli/commands/scan.ts) and the tests call this; renderers turn the result into output.
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { builtinEngine, DetectorEngine, SENSITIVITIES, type Sensitivity } from '../lambdas/shared/detectors';
import { applyBaseline, readBaseline, type Baseline } from './baseline';
import { loadConfig } from './config';
import { scanInput, type ScanInput } from './core';
import { repositorySalt } from './salt';
import { gitTopLevel, historyInputs, loadWardenIgnore, newCounters, stagedInputs, stdinInput, worktreeInputs, type SourceOptions } from './sources';
import type { ScanFinding, ScanMode, ScanResult } from './types';

export class ScanUsageError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ScanUsageError';
  }
}

export interface ScanOptions {
  readonly cwd: string;
  /** PATH arguments; `-` alone reads standard input. */
  readonly paths: readonly string[];
  readonly staged?: boolean;
  /** History mode: lines added after this ref. */
  readonly since?: string;
  /** History mode: every commit of every branch. */
  readonly history?: boolean;
  readonly noIgnore?: boolean;
  readonly config?: string;
  readonly baseline?: Baseline | null;
  /** Files larger than this are skipped (counted). */
  readonly maxBytes?: number;
  readonly stdin?: NodeJS.ReadableStream;
  /** Injected clock (durations only). */
  readonly clock?: () => number;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

function modeOf(options: Pick<ScanOptions, 'paths' | 'staged' | 'since' | 'history'>): ScanMode {
  const modes = [options.staged && 'staged', (options.since !== undefined || options.history) && 'history', options.paths.includes('-') && 'stdin'].filter(Boolean) as ScanMode[];
  if (modes.length > 1) throw new ScanUsageError(`--staged, --since/--history and - (standard input) are separate modes; got ${modes.join(' and ')}`, 'Run one scan per mode.');
  return modes[0] ?? 'worktree';
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const cpuStarted = process.cpuUsage();
  const mode = modeOf(options);
  const cwd = resolve(options.cwd);
  const topLevel = gitTopLevel(cwd);
  if ((mode === 'staged' || mode === 'history') && !topLevel) {
    throw new ScanUsageError(`${cwd} is not in a git repository: --${mode === 'staged' ? 'staged' : 'since/--history'} reads git`, 'Run it inside the repository, or scan the directory without --staged/--history.');
  }
  const single = options.paths.length === 1 && options.paths[0] !== '-' ? resolve(cwd, options.paths[0]!) : null;
  const root = mode === 'staged' || mode === 'history' ? topLevel! : single && isDirectory(single) ? single : cwd;
  const only = mode === 'stdin' || (single && root === single) ? [] : options.paths.map((p) => relative(root, resolve(cwd, p)).split(sep).join('/'));
  if (only.some((p) => p.startsWith('..'))) throw new ScanUsageError(`a PATH is outside the scanned root ${root}: ${only.find((p) => p.startsWith('..'))}`, 'Give paths inside the repository, or run from their directory.');
  const { engine, warnings } = engineFor(options.config);
  const salt = repositorySalt(topLevel ?? root, topLevel !== null);
  if (salt.source === 'none') warnings.push('fingerprints use the fixed fallback salt (no .warden/salt and no commit yet): create .warden/salt (random text) or commit once, then write the baseline');
  const sourceOptions: SourceOptions = { root, only, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, wardenIgnore: loadWardenIgnore(root) };
  const counters = newCounters();
  const inputs = inputsOf(mode, sourceOptions, options, counters, topLevel !== null);
  const findings: ScanFinding[] = [];
  let allowedInline = 0;
  const seenFileRules = new Set<string>();
  for await (const input of inputs) {
    const scanned = scanInput(engine, input, salt.value);
    allowedInline += scanned.allowedInline;
    for (const finding of scanned.findings) {
      // A file rule (a committed .env) reports a path once, not once per commit that touched it.
      if (finding.length === 0 && finding.masked === '') {
        if (seenFileRules.has(`${finding.rule}\0${finding.file}`)) continue;
        seenFileRules.add(`${finding.rule}\0${finding.file}`);
      }
      findings.push(finding);
    }
  }
  const marked = applyBaseline(findings, options.baseline ?? null).sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.date ?? '').localeCompare(b.date ?? ''),
  );
  return {
    root,
    findings: marked,
    saltSource: salt.source,
    warnings,
    rules: engine.ruleSet.rules,
    statistics: { mode, ...counters, allowedInline, durationMs: Math.round(clock() - started), cpuMs: cpuMillis(process.cpuUsage(cpuStarted)) },
  };
}

function cpuMillis(usage: NodeJS.CpuUsage): number {
  return Math.round((usage.user + usage.system) / 1000);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function engineFor(config: string | undefined): { engine: DetectorEngine; warnings: string[] } {
  if (!config) return { engine: builtinEngine(), warnings: [] };
  const loaded = loadConfig(config);
  return { engine: new DetectorEngine(loaded.ruleSet), warnings: [...loaded.warnings] };
}

async function* inputsOf(mode: ScanMode, source: SourceOptions, options: ScanOptions, counters: ReturnType<typeof newCounters>, inRepository: boolean): AsyncGenerator<ScanInput> {
  if (mode === 'staged') yield* stagedInputs(source, counters);
  else if (mode === 'history') yield* historyInputs(source, { since: options.history ? undefined : options.since }, counters);
  else if (mode === 'stdin') {
    const input = await stdinInput(options.stdin ?? process.stdin, source, counters);
    if (input) yield input;
  } else yield* worktreeInputs({ ...source, noIgnore: options.noIgnore ?? false, inRepository }, counters);
}

/** `--fail-on`: the least severity that fails the scan; `any` = every severity. */
export type FailOn = Sensitivity | 'any';

export function failing(findings: readonly ScanFinding[], failOn: FailOn): ScanFinding[] {
  const threshold = failOn === 'any' ? SENSITIVITIES.length - 1 : SENSITIVITIES.indexOf(failOn);
  return findings.filter((f) => !f.baselined && SENSITIVITIES.indexOf(f.severity) <= threshold);
}

export { readBaseline };
