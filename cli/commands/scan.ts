// `warden scan`: the repository secrets scanner (scanner/). Working tree, --staged (pre-commit),
// --since/--history, or - for standard input; outputs for people, JSON, Markdown and SARIF;
// baselines, suggestions and the migration report. Exit 1 when a finding not in the baseline is
// at or above --fail-on. Reference: docs/scanning.md.
import { Option, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parse } from 'yaml';
import { version } from '../../package.json';
import { BaselineError, readBaseline, writeBaseline } from '../../scanner/baseline';
import { ConfigError } from '../../scanner/config';
import { GitError } from '../../scanner/git';
import { migrationRows, renderMigrationReport } from '../../scanner/migration';
import { ScanWorkerError } from '../../scanner/pool';
import { renderJson } from '../../scanner/render/json';
import { renderMarkdown } from '../../scanner/render/markdown';
import { renderSarif } from '../../scanner/render/sarif';
import { renderTerminal } from '../../scanner/render/terminal';
import { DEFAULT_MAX_BYTES, failing, runScan, ScanUsageError, type FailOn } from '../../scanner/scan';
import { renderSuggestions } from '../../scanner/suggest';
import type { ScanResult } from '../../scanner/types';
import { CliError, EXIT, QuietExit, usageError } from '../errors';
import { Output } from '../output';

/** The pool's worker script: scanner/worker.ts, built next to this command (dist/cli/scan-worker.js, scripts/build.mjs). */
const SCAN_WORKER = new URL('../scan-worker.js', import.meta.url);

/** One thread per core the process may use, at most 8 (the scan is CPU-bound; more threads only cost memory). */
function defaultJobs(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

interface ScanCliOptions {
  staged?: boolean;
  since?: string;
  history?: boolean;
  ignore: boolean;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  format: 'terminal' | 'json' | 'markdown' | 'sarif';
  output?: string;
  failOn: FailOn;
  suggest?: boolean;
  migrationReport?: boolean;
  maxFileSize: string;
  jobs: string;
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('find hard-coded secrets in the working tree, the index (--staged) or git history')
    .argument('[paths...]', 'files or directories (default: the current directory); - reads standard input')
    .option('--staged', 'scan what is staged (the index, not the working copy): for pre-commit')
    .option('--since <ref>', 'scan every line added after REF (REF..HEAD), with commit, author and date')
    .option('--history', 'scan every line added in the whole history (all branches)')
    .option('--no-ignore', 'also scan files .gitignore ignores')
    .option('--config <file>', "rules in gitleaks' TOML format ([extend] useDefault = true keeps the built-in rules)")
    .option('--baseline <file>', 'findings in this baseline are reported but do not fail the scan')
    .option('--write-baseline <file>', 'write every finding of this scan as the baseline, then exit 0')
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'json', 'markdown', 'sarif']).default('terminal'))
    .option('--output <file>', 'write the output there instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'least severity that fails the scan (exit 1)').choices(['critical', 'high', 'medium', 'any']).default('any'))
    .option('--suggest', 'print, per finding, the catalog entry to add and the code that reads it instead')
    .option('--migration-report', 'write the table secret / old storage / new storage / status (needs --baseline from before the migration)')
    .option('--max-file-size <MB>', 'skip (and count) files larger than this', String(DEFAULT_MAX_BYTES / 1_048_576))
    .option('--jobs <n>', 'threads that scan a working tree of several MB, the main one included (default: one per core; 1: no worker threads; small scans always use one)', String(defaultJobs()))
    .addHelpText(
      'after',
      `
Examples:
  $ npx warden scan                                   # the working tree, honouring .gitignore
  $ npx warden scan --staged --baseline .warden/baseline.json   # pre-commit
  $ npx warden scan --since origin/main --format sarif --output warden.sarif
  $ npx warden scan --history --format markdown --output secrets_inventory.md
  $ git diff | npx warden scan -
Allow one line with a comment containing warden:allow (and a reason); allow paths in .wardenignore.
Exit codes: 0 nothing fails, 1 findings at or above --fail-on, 2 usage.`,
    )
    .action(async (paths: string[], options: ScanCliOptions, command: Command) => {
      const globals = command.optsWithGlobals() as { color: boolean; catalog?: string };
      const out = new Output(undefined, { color: globals.color });
      const maxMb = Number(options.maxFileSize);
      if (!Number.isFinite(maxMb) || maxMb <= 0) throw usageError(`--max-file-size must be a positive number of MB, got ${options.maxFileSize}`, 'For example --max-file-size 10.');
      const jobs = Number(options.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) throw usageError(`--jobs must be a whole number of threads (1 or more), got ${options.jobs}`, 'For example --jobs 2, or --jobs 1 to scan in one thread.');
      const baseline = options.baseline ? guard(() => readBaseline(options.baseline!)) : null;
      const result = await guardAsync(() =>
        runScan({ cwd: process.cwd(), paths, staged: options.staged, since: options.since, history: options.history, noIgnore: !options.ignore, config: options.config, baseline, maxBytes: maxMb * 1_048_576, jobs, workerUrl: SCAN_WORKER }),
      );
      for (const warning of result.warnings) if (options.format !== 'terminal' || options.output) out.warn(warning);
      const failed = failing(result.findings, options.failOn);

      if (options.writeBaseline) {
        writeBaseline(options.writeBaseline, result.findings);
        out.note(`wrote ${options.writeBaseline}: ${result.findings.length} findings accepted (fingerprint salt: ${result.saltSource})`);
        return;
      }
      if (options.migrationReport) {
        emit(options.output, renderMigrationReport(migrationRows(baseline, result.findings, catalogNames(globals.catalog ?? 'config/secrets.yaml'))), out);
        return;
      }
      if (options.suggest) emit(undefined, renderSuggestions(result.findings, new Date()), out);
      else emit(options.output, render(result, options.format, failed.length, out), out);
      if (options.output && options.format !== 'terminal') out.note(renderTerminal(result, failed.length).trimEnd().split('\n').slice(-2).join('\n'));
      if (failed.length > 0) throw new QuietExit(EXIT.failed);
    });
}

function render(result: ScanResult, format: ScanCliOptions['format'], failed: number, out: Output): string {
  if (format === 'json') return renderJson(result, failed);
  if (format === 'markdown') return renderMarkdown(result);
  if (format === 'sarif') return renderSarif(result, result.rules, version);
  return renderTerminal(result, failed, out.color);
}

function emit(file: string | undefined, text: string, out: Output): void {
  if (file) {
    writeFileSync(file, text);
    out.note(`wrote ${file}`);
  } else process.stdout.write(text);
}

/** Secret names the catalog declares (for the migration report); a missing catalog declares none. */
function catalogNames(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return new Set();
  }
  try {
    const document = parse(text) as { secrets?: { name?: unknown }[] } | null;
    return new Set((document?.secrets ?? []).map((s) => s?.name).filter((n): n is string => typeof n === 'string'));
  } catch (error) {
    throw usageError(`cannot read the catalog ${path}: ${(error as Error).message.split('\n')[0]}`, 'Fix the YAML (npx warden catalog check) or pass --catalog.', error);
  }
}

function translate(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof ScanUsageError) return usageError(error.message, error.hint, error);
  if (error instanceof ConfigError) return usageError(error.message, 'Check the file against gitleaks\' configuration format (docs/scanning.md).', error);
  if (error instanceof BaselineError) return usageError(error.message, 'Write a baseline with --write-baseline FILE.', error);
  if (error instanceof ScanWorkerError) return new CliError(error.message, EXIT.failed, { hint: 'Run the scan again with --jobs 1 (one thread) and report the error.', cause: error });
  if (error instanceof GitError) return new CliError(error.message, EXIT.failed, { hint: 'Check that git is installed and the repository is readable (git status).', cause: error });
  return error;
}

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw translate(error);
  }
}

async function guardAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(error);
  }
}
