// (b) Each Lambda entry bundled as the CDK app bundles it (lib/constructs/lambda-bundle.ts,
// LAMBDA_BUILD_OPTIONS: ESM, minify, node24, pg-native external, createRequire banner), then its
// cold import time in fresh `node` processes, against a bundle of the bare SecretsManagerClient.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LAMBDA_BUILD_OPTIONS } from '../../lib/constructs/lambda-bundle';
import { median } from './rotation-bench';

export interface BundleFigures {
  readonly entry: string;
  readonly bytes: number;
  readonly importMedianMs: number;
  /** Median import time over the bare client's median. */
  readonly ratio: number;
  readonly importCpuMedianMs: number;
  /** Median CPU time of the import over the bare client's: less sensitive to other load on the machine. */
  readonly cpuRatio: number;
}

export interface BareFigures {
  readonly bytes: number;
  readonly importMedianMs: number;
  readonly importCpuMedianMs: number;
}

/** Every lambdas/**\/handler*.ts that exports a `handler` (a Lambda entry, not a helper named handler-*). */
function handlerEntries(root = 'lambdas'): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/^handler.*\.ts$/.test(name) && /export\s+(const|async function|function)\s+handler\b/.test(readFileSync(path, 'utf8'))) found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({ entryPoints: [entry], outfile, ...LAMBDA_BUILD_OPTIONS, logLevel: 'error' });
  return statSync(outfile).size;
}

/**
 * Wall and CPU milliseconds for `await import(file)` in a fresh node process (the process start
 * itself excluded). CPU time (user + system) is far less sensitive to other load on the machine.
 */
function importOnce(file: string): { wall: number; cpu: number } {
  const script = [
    'const cpu0 = process.cpuUsage(); const t0 = performance.now();',
    'await import(process.env.BENCH_BUNDLE);',
    'const cpu = process.cpuUsage(cpu0);',
    'process.stdout.write(JSON.stringify({ wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 }));',
  ].join(' ');
  const result = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', WARDEN_ENVIRONMENT: 'bench', BENCH_BUNDLE: pathToFileURL(file).href },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { wall: number; cpu: number };
}

export async function benchBundles(outDir: string, imports: number, entries = handlerEntries()): Promise<{ bare: BareFigures; bundles: BundleFigures[] }> {
  mkdirSync(outDir, { recursive: true });
  const bareEntry = join(outDir, 'bare-client.ts');
  writeFileSync(bareEntry, "export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\n");
  const targets = [{ entry: relative(process.cwd(), bareEntry), file: join(outDir, 'bare-client.mjs') }];
  for (const entry of entries) targets.push({ entry, file: join(outDir, `${entry.replace(/^lambdas\//, '').replace(/\.ts$/, '').replace(/\//g, '-')}.mjs`) });

  const bytes = new Map<string, number>();
  for (const t of targets) bytes.set(t.file, await bundle(t.entry, t.file));
  const samples = new Map<string, { wall: number; cpu: number }[]>(targets.map((t) => [t.file, []]));
  // Interleaved, so drift in machine load hits every bundle alike.
  for (let i = 0; i < imports; i += 1) for (const t of targets) samples.get(t.file)!.push(importOnce(t.file));

  const wall = (file: string) => median(samples.get(file)!.map((x) => x.wall));
  const cpu = (file: string) => median(samples.get(file)!.map((x) => x.cpu));
  const bareFile = targets[0]!.file;
  return {
    bare: { bytes: bytes.get(bareFile)!, importMedianMs: wall(bareFile), importCpuMedianMs: cpu(bareFile) },
    bundles: targets.slice(1).map((t) => ({
      entry: t.entry,
      bytes: bytes.get(t.file)!,
      importMedianMs: wall(t.file),
      ratio: wall(t.file) / wall(bareFile),
      importCpuMedianMs: cpu(t.file),
      cpuRatio: cpu(t.file) / cpu(bareFile),
    })),
  };
}
