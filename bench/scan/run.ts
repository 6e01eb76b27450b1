// npm run bench:scan [-- --mb 30 --seed 13 --commits 10000]
// 1. Corpus: generates --mb MB of source-like files with planted fake secrets and decoys
//    (bench/scan/corpus.ts) in a temporary directory, then runs `warden scan` and secretlint
//    (11, @secretlint/secretlint-rule-preset-recommend) on the same files, each as its own CLI
//    process under /usr/bin/time (wall time, CPU time and peak RSS), and counts true and false
//    positives against the planted lines. warden runs twice: as a user runs it (its worker pool,
//    one thread per core) and with --jobs 1 (one thread), so both figures are in the same run.
// 2. History: a repository of --commits commits made with `git fast-import`, scanned with
//    `warden scan --history`: added lines per second.
// 3. --staged on a commit of a few files: the scanner's own time (statistics.durationMs).
// Prints Markdown for docs/benchmarks.md. Nothing here is asserted; the machine may be shared.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Fakes } from '../../test/support/fake-secrets';
import { GIT_ENV } from '../../test/support/git-repo';
import { generateCorpus, type Planted } from './corpus';

const { values: args } = parseArgs({
  options: {
    mb: { type: 'string', default: '30' },
    seed: { type: 'string', default: '13' },
    commits: { type: 'string', default: '10000' },
    'skip-history': { type: 'boolean', default: false },
    /** Run one part only: corpus, history or staged. */
    only: { type: 'string' },
  },
});

const ROOT = resolve(import.meta.dirname, '../..');
const WARDEN = join(ROOT, 'bin/warden.mjs');
const SECRETLINT = join(ROOT, 'node_modules/.bin/secretlint');

interface Timed {
  readonly seconds: number;
  /** User + system CPU seconds: less sensitive than wall time to other work on a shared machine. */
  readonly cpu: number;
  readonly peakMb: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs a command under /usr/bin/time: elapsed wall seconds and maximum resident set size. */
function timed(command: string, commandArgs: string[], cwd: string, input?: string): Timed {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', command, ...commandArgs], { cwd, input, encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1' }, maxBuffer: 1024 ** 3 });
  const match = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
  if (!match) throw new Error(`${command} did not run: ${run.stderr.slice(-500)}`);
  return { seconds: Number(match[1]), peakMb: Number(match[2]) / 1024, cpu: Number(match[3]) + Number(match[4]), status: run.status, stderr: run.stderr };
}

interface Score {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly missedByKind: Record<string, number>;
}

/** A planted secret is found when a finding names its file and line (±1: multi-line keys); other findings are false positives. */
function score(planted: readonly Planted[], found: readonly { file: string; line: number }[]): Score {
  const byFile = new Map<string, Planted[]>();
  for (const p of planted) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const hit = new Set<Planted>();
  let falsePositives = 0;
  for (const finding of found) {
    const match = (byFile.get(finding.file) ?? []).find((p) => Math.abs(p.line - finding.line) <= 1);
    if (match) hit.add(match);
    else falsePositives += 1;
  }
  const missedByKind: Record<string, number> = {};
  for (const p of planted) if (!hit.has(p)) missedByKind[p.kind] = (missedByKind[p.kind] ?? 0) + 1;
  return { truePositives: hit.size, falsePositives, missedByKind };
}

function corpusBench(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-corpus-'));
  const out = mkdtempSync(join(tmpdir(), 'warden-bench-out-'));
  try {
    const corpus = generateCorpus(dir, Number(args.mb), Number(args.seed));
    const mb = corpus.bytes / 1_048_576;
    process.stderr.write(`corpus: ${corpus.files} files, ${mb.toFixed(1)} MB, ${corpus.planted.length} planted secrets, ${corpus.decoys} decoys\n`);

    // warden as a user runs it (worker threads, one per core: --jobs defaults to the cores), then in one thread.
    const runWarden = (jobs: string[]) => {
      const json = join(out, 'warden.json');
      const timing = timed(process.execPath, [WARDEN, 'scan', '.', '--format', 'json', '--output', json, ...jobs], dir);
      if (timing.status !== 0 && timing.status !== 1) throw new Error(`warden scan failed (exit ${timing.status}): ${timing.stderr.slice(-1000)}`);
      const report = JSON.parse(readFileSync(json, 'utf8')) as { findings: { file: string; line: number }[]; statistics: { durationMs: number; workers: number } };
      return { timing, report, score: score(corpus.planted, report.findings) };
    };
    const pooled = runWarden([]);
    const single = runWarden(['--jobs', '1']);
    const warden = pooled.timing;
    const wardenReport = pooled.report;
    const wardenScore = pooled.score;
    const sameFindings = JSON.stringify(pooled.report.findings) === JSON.stringify(single.report.findings);

    const rc = join(out, 'secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const secretlintJson = join(out, 'secretlint.json');
    const secretlint = timed(SECRETLINT, ['**/*', '--secretlintrc', rc, '--format', 'json', '--output', secretlintJson, '--no-color'], dir);
    const secretlintReport = JSON.parse(readFileSync(secretlintJson, 'utf8')) as { filePath: string; messages: { loc: { start: { line: number } } }[] }[];
    const secretlintFound = secretlintReport.flatMap((r) => r.messages.map((m) => ({ file: relative(dir, r.filePath), line: m.loc.start.line })));
    const secretlintScore = score(corpus.planted, secretlintFound);

    const row = (name: string, t: Timed, s: Score, findings: number, inner?: number) =>
      `| ${name} | ${t.seconds.toFixed(2)} s | ${t.cpu.toFixed(2)} s | ${(mb / t.seconds).toFixed(1)} MB/s${inner ? ` (scan alone ${(mb / (inner / 1000)).toFixed(1)} MB/s)` : ''} | ${(mb / t.cpu).toFixed(1)} MB/s | ${t.peakMb.toFixed(0)} MB | ${findings} | ${s.truePositives} / ${corpus.planted.length} | ${s.falsePositives} |`;
    const missed = (s: Score) => Object.entries(s.missedByKind).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    return [
      `Corpus: ${corpus.files} files, ${mb.toFixed(1)} MB (seed ${args.seed}), ${corpus.planted.length} planted fake secrets of ${new Set(corpus.planted.map((p) => p.kind)).size} kinds, ${corpus.decoys} decoys.`,
      '',
      '| tool | wall time (process) | CPU time (user + sys) | throughput (wall) | throughput (CPU) | peak RSS | findings | true positives (planted found) | false positives |',
      '|---|---|---|---|---|---|---|---|---|',
      row(`warden scan (main thread + ${wardenReport.statistics.workers} worker${wardenReport.statistics.workers === 1 ? '' : 's'})`, warden, wardenScore, wardenReport.findings.length, wardenReport.statistics.durationMs),
      row('warden scan --jobs 1 (one thread)', single.timing, single.score, single.report.findings.length, single.report.statistics.durationMs),
      row('secretlint 11 + preset-recommend', secretlint, secretlintScore, secretlintFound.length),
      '',
      `Speed-up of warden scan over secretlint: ${(secretlint.seconds / warden.seconds).toFixed(1)}x by wall time, ${(secretlint.cpu / warden.cpu).toFixed(1)}x by CPU time; in one thread ${(secretlint.seconds / single.timing.seconds).toFixed(1)}x by wall time, ${(secretlint.cpu / single.timing.cpu).toFixed(1)}x by CPU time.`,
      '',
      `The two warden runs' findings are ${sameFindings ? 'identical (same findings, same order)' : 'DIFFERENT (a bug: the pool must find what one thread finds)'}.`,
      '',
      `Missed by warden: ${missed(wardenScore)}. Missed by secretlint: ${missed(secretlintScore)}.`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

/** A repository of `commits` commits over 200 files, written with one `git fast-import` stream. */
function historyRepository(commits: number): { dir: string; planted: number } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-history-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: GIT_ENV });
  const f = new Fakes(Number(args.seed) + 1);
  const files = Array.from({ length: 200 }, () => [] as string[]);
  const chunks: string[] = [];
  let planted = 0;
  for (let c = 1; c <= commits; c += 1) {
    const index = Math.floor(f.random() * files.length);
    const lines = files[index]!;
    for (let i = 0; i < 5; i += 1) lines.push(`export const value${c}_${i} = compute(${c}, ${i}); // token budget ${i}`);
    if (c % 100 === 0) {
      lines.push(`const stripe = "${f.stripeLive()}";`);
      planted += 1;
    }
    const content = `${lines.join('\n')}\n`;
    const message = `change ${c}`;
    const when = 1_750_000_000 + c * 60;
    chunks.push(
      `commit refs/heads/main\nmark :${c}\nauthor Bench <bench@example.com> ${when} +0000\ncommitter Bench <bench@example.com> ${when} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n` +
        (c > 1 ? `from :${c - 1}\n` : '') +
        `M 100644 inline src/file-${index}.ts\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env: GIT_ENV, input: chunks.join(''), maxBuffer: 1024 ** 3 });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir, env: GIT_ENV });
  return { dir, planted };
}

function historyBench(): string[] {
  const commits = Number(args.commits);
  const started = Date.now();
  const { dir, planted } = historyRepository(commits);
  const built = (Date.now() - started) / 1000;
  try {
    const out = join(dir, '..', `${relative(tmpdir(), dir)}.json`);
    const run = timed(process.execPath, [WARDEN, 'scan', '--history', '--format', 'json', '--output', out], dir);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: unknown[]; statistics: { lines: number; commits: number; durationMs: number } };
    rmSync(out, { force: true });
    const s = report.statistics;
    return [
      `Repository: ${s.commits} commits made with git fast-import in ${built.toFixed(1)} s, ${s.lines} added lines, ${planted} planted Stripe keys.`,
      '',
      '| mode | wall time (process) | CPU time | added lines per second (wall) | per CPU second | peak RSS | findings |',
      '|---|---|---|---|---|---|---|',
      `| warden scan --history | ${run.seconds.toFixed(2)} s | ${run.cpu.toFixed(2)} s | ${Math.round(s.lines / run.seconds).toLocaleString('en')} (scan alone ${Math.round(s.lines / (s.durationMs / 1000)).toLocaleString('en')}) | ${Math.round(s.lines / run.cpu).toLocaleString('en')} | ${run.peakMb.toFixed(0)} MB | ${report.findings.length} |`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stagedBench(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-staged-'));
  try {
    generateCorpus(dir, 2, Number(args.seed) + 2);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: GIT_ENV });
    execFileSync('git', ['add', '-A'], { cwd: dir, env: GIT_ENV });
    execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'corpus'], { cwd: dir, env: GIT_ENV });
    const f = new Fakes(7);
    for (let i = 0; i < 3; i += 1) writeFileSync(join(dir, `staged-${i}.ts`), `${'export const x = 1;\n'.repeat(200)}const k = "${f.stripeLive()}";\n`);
    execFileSync('git', ['add', '-A'], { cwd: dir, env: GIT_ENV });
    const out = join(dir, '.git', 'staged.json');
    const run = timed(process.execPath, [WARDEN, 'scan', '--staged', '--format', 'json', '--output', out], dir);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: unknown[]; statistics: { files: number; durationMs: number; cpuMs: number } };
    return [`\`warden scan --staged\` with 3 staged files in a repository of ${execFileSync('git', ['ls-files'], { cwd: dir }).toString().split('\n').length - 1} files: scanner wall time ${report.statistics.durationMs} ms and scanner CPU time ${report.statistics.cpuMs} ms (statistics.durationMs / cpuMs: from the start of the scan to its result, git calls included in the wall time), process wall time ${run.seconds.toFixed(2)} s and CPU time ${run.cpu.toFixed(2)} s (Node start and module loading included), ${report.findings.length} findings.`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = args.only;
const startLoad = loadavg().map((l) => l.toFixed(2)).join(', ');
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'}, nproc ${cpus().length}, node ${process.version}, ${execFileSync('git', ['--version']).toString().trim()}, with \`npm run bench:scan -- --mb ${args.mb} --seed ${args.seed} --commits ${args.commits}\`. The machine was shared with other work: compare the rows with each other.`,
  '',
];
if (!only || only === 'corpus') lines.push('', '### Corpus: warden scan and secretlint side by side', '', ...corpusBench());
if ((!only && !args['skip-history']) || only === 'history') lines.push('', '### History', '', ...historyBench());
if (!only || only === 'staged') lines.push('', '### Pre-commit (--staged)', '', ...stagedBench());
lines.push('', `Load average (1, 5, 15 min) at the start: ${startLoad}; at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
process.stdout.write(`${lines.join('\n')}\n`);
