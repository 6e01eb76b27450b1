// The worker-thread scan (scanner/pool.ts) against the in-process scan: the same findings in the
// same order, the same counts, built-in rules and a --config file; a worker that fails is a typed
// error; and the CLI, scanning a tree big enough to start its pool, exits by itself. The worker
// script is the build's (dist/cli/scan-worker.js, built by the tests' global setup).
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../bench/scan/corpus';
import { ScanWorkerError } from '../../../scanner/pool';
import { DEFAULT_POOL_MIN_BYTES, runScan, type ScanOptions } from '../../../scanner/scan';
import type { ScanResult } from '../../../scanner/types';
import { Fakes } from '../../support/fake-secrets';
import { GIT_ENV } from '../../support/git-repo';
import { temporaryDirectory } from '../../support/temporary-directory';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/warden.mjs');
const WORKER = pathToFileURL(join(ROOT, 'dist/cli/scan-worker.js'));
const f = new Fakes(1313);

/** The statistics that depend on the machine or on how the scan ran, left out of comparisons. */
function comparable(result: ScanResult) {
  const { durationMs, cpuMs, workers, ...rest } = result.statistics;
  void durationMs;
  void cpuMs;
  void workers;
  return { findings: result.findings, statistics: rest, warnings: result.warnings, saltSource: result.saltSource };
}

describe('worker pool', () => {
  // About 1 MB of generated files with planted fake secrets, plus the cases a file-by-file merge could get wrong.
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory('warden-pool-');
    generateCorpus(dir, 1, 77);
    writeFileSync(join(dir, '.env'), `STRIPE=${f.stripeLive()}\n`);
    writeFileSync(join(dir, 'allowed.ts'), `const k = "${f.stripeLive()}"; // warden:allow sandbox key\nconst gh = "${f.githubClassic()}";\n`);
    writeFileSync(join(dir, 'logo.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(f.stripeLive())]));
    writeFileSync(join(dir, 'huge.log'), `${'x'.repeat(300_000)}\n${f.stripeLive()}\n`);
    writeFileSync(join(dir, '.wardenignore'), 'vendor/\n');
    cpSync(join(dir, 'allowed.ts'), join(dir, 'vendor/allowed.ts'));
  });
  const scan = (options: Partial<ScanOptions>) => runScan({ cwd: dir, paths: [], maxBytes: 200_000, ...options });

  it('finds exactly what the in-process scan finds, in the same order, with the same counts', async () => {
    const inProcess = await scan({ jobs: 1 });
    const pooled = await scan({ jobs: 2, workerUrl: WORKER, poolMinBytes: 0 });

    expect(inProcess.statistics.workers).toBe(0);
    expect(pooled.statistics.workers).toBe(1);
    expect(inProcess.findings.length).toBeGreaterThan(30);
    expect(inProcess.statistics).toMatchObject({ skippedBinary: 1, skippedHuge: 1, skippedIgnored: 1, allowedInline: 1 });
    expect(comparable(pooled)).toEqual(comparable(inProcess));
  });

  it('runs a --config file in the workers as in the main thread', async () => {
    const config = join(temporaryDirectory('warden-pool-config-'), 'rules.toml');
    writeFileSync(config, '[extend]\nuseDefault = true\ndisabledRules = ["high-entropy-secret-name"]\n\n[[rules]]\nid = "handler-name"\nregex = \'\'\'handle(\\d{4,})\'\'\'\nkeywords = ["handle"]\n');
    const inProcess = await scan({ jobs: 1, config });
    const pooled = await scan({ jobs: 3, workerUrl: WORKER, poolMinBytes: 0, config });

    expect(inProcess.findings.some((x) => x.rule === 'handler-name')).toBe(true);
    expect(inProcess.findings.some((x) => x.rule === 'high-entropy-secret-name')).toBe(false);
    expect(pooled.statistics.workers).toBe(2);
    expect(comparable(pooled)).toEqual(comparable(inProcess));
  });

  it('hands no batch to a worker below the size threshold, with jobs 1, or without a worker script', async () => {
    expect((await scan({ jobs: 2, workerUrl: WORKER })).statistics.workers).toBe(0);
    expect((await scan({ jobs: 1, workerUrl: WORKER, poolMinBytes: 0 })).statistics.workers).toBe(0);
    expect((await scan({ jobs: 2, poolMinBytes: 0 })).statistics.workers).toBe(0);
  });

  it('counts only the bytes it reads against the threshold: files over --max-file-size are skipped unread', async () => {
    const small = temporaryDirectory('warden-pool-huge-');
    writeFileSync(join(small, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(small, 'b.ts'), 'export const b = 2;\n');
    for (const name of ['one.log', 'two.log']) writeFileSync(join(small, name), 'x'.repeat(200_000));

    const result = await runScan({ cwd: small, paths: [], maxBytes: 1_000, jobs: 2, workerUrl: WORKER, poolMinBytes: 1_000 });

    expect(result.statistics).toMatchObject({ skippedHuge: 2, workers: 0 });
  });

  it('a worker that cannot start fails the scan with a ScanWorkerError (and no worker left running)', async () => {
    const broken = join(temporaryDirectory('warden-pool-broken-'), 'worker.mjs');
    writeFileSync(broken, "throw new Error('worker script broken on purpose');\n");

    const failure = await scan({ jobs: 2, workerUrl: pathToFileURL(broken), poolMinBytes: 0 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ScanWorkerError);
    expect((failure as Error).message).toContain('worker script broken on purpose');
  });
});

describe('warden scan with its pool (the built CLI)', () => {
  it('scans a tree over the threshold in worker threads, prints what one thread prints, and exits by itself', () => {
    // Copies of a generated 1 MB corpus, past the size at which the CLI starts workers.
    const dir = temporaryDirectory('warden-pool-cli-');
    const one = join(dir, 'copy-0');
    generateCorpus(one, 1, 78);
    const copies = Math.ceil(DEFAULT_POOL_MIN_BYTES / 1_048_576) + 1;
    for (let i = 1; i < copies; i += 1) cpSync(one, join(dir, `copy-${i}`), { recursive: true });
    // A bounded wait: a process kept alive by a worker would be killed and fail the test on its signal.
    const warden = (jobs: string) => spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--jobs', jobs], { cwd: dir, encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1' }, timeout: 150_000, maxBuffer: 256 * 1024 ** 2 });

    const pooled = warden('2');
    const single = warden('1');

    expect(pooled.signal).toBeNull();
    expect(pooled.status).toBe(1);
    expect(single.status).toBe(1);
    const report = (stdout: string) => JSON.parse(stdout) as { findings: unknown[]; statistics: { workers: number; files: number } };
    const [a, b] = [report(pooled.stdout), report(single.stdout)];
    expect(a.statistics.workers).toBe(1);
    expect(b.statistics.workers).toBe(0);
    expect(a.statistics.files).toBe(b.statistics.files);
    expect(a.findings.length).toBeGreaterThan(100);
    expect(a.findings).toEqual(b.findings);
  });

  it('refuses a --jobs that is not a whole number of threads (exit 2, says what to pass)', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '.', '--jobs', '0'], { cwd: temporaryDirectory('warden-pool-usage-'), encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1' } });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--jobs must be a whole number of threads');
    expect(run.stderr).toContain('--jobs 1');
  });
});
