// npm run bench:synth [-- --sizes 100,1000,5000 --validation-sizes 100,1000 --load-sizes 20000]
// `cdk synth` of one environment holding N generated secrets (test/support/catalog-generator.ts,
// sharded as the catalog suggests), wall time and peak memory (GNU time's maximum resident set,
// the largest process of the run: the CDK app), side by side with a plain CDK app declaring the
// same secrets (plain-app.ts). Also: catalog loading and validation alone, in process, and the
// synth with CDK's built-in CloudFormation validation on (WARDEN_CFN_VALIDATION=true).
// Prints a Markdown table. The Lambda code is really bundled (once per synth).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCatalog } from '../../lib/catalog';
import { suggestedShards } from '../../lib/catalog/shards';
import { generatedCatalog } from '../../test/support/catalog-generator';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,5000' },
    'validation-sizes': { type: 'string', default: '100,1000' },
    'load-sizes': { type: 'string', default: '20000' },
  },
});
const sizes = (list: string | undefined) => (list ? list.split(',').filter(Boolean).map(Number) : []);

const GNU_TIME = '/usr/bin/time';
const work = mkdtempSync(join(tmpdir(), 'warden-bench-synth-'));

interface Run {
  seconds: number;
  /** User + system CPU seconds of the run and its children: far less sensitive to other load. */
  cpuSeconds?: number;
  peakMb?: number;
  stacks: number;
}

/** One `cdk synth` (or app) run: wall seconds from GNU time, peak RSS of the largest process. */
function timed(command: string[], env: Record<string, string>, outdir: string): Run {
  const withTime = existsSync(GNU_TIME) ? [GNU_TIME, '-f', 'BENCH %e %M %U %S', ...command] : command;
  const started = performance.now();
  const result = spawnSync(withTime[0]!, withTime.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}):\n${result.stderr.slice(-4000)}`);
  const line = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string }> };
  const stacks = Object.values(manifest.artifacts).filter((a) => a.type === 'aws:cloudformation:stack').length;
  return {
    seconds: line ? Number(line[1]) : wall,
    peakMb: line ? Number(line[2]) / 1024 : undefined,
    cpuSeconds: line ? Number(line[3]) + Number(line[4]) : undefined,
    stacks,
  };
}

const cdk = join('node_modules', '.bin', 'cdk');

function wardenSynth(count: number, validation: boolean): Run & { shards: number } {
  // A generous count only to read the secrets back; the run uses the count the catalog suggests.
  const probe = parseCatalog(generatedCatalog({ count, shards: Math.ceil(count / 50) }), 'probe.yaml');
  const shards = suggestedShards(probe.forEnvironment('prod').secrets);
  const catalog = join(work, `catalog-${count}.yaml`);
  writeFileSync(catalog, generatedCatalog({ count, shards }));
  const outdir = join(work, `out-${count}-${validation}`);
  const run = timed([cdk, 'synth', '--quiet', '-o', outdir, '-c', `catalog=${catalog}`, '-c', 'env=prod'], { WARDEN_CFN_VALIDATION: String(validation) }, outdir);
  rmSync(outdir, { recursive: true, force: true });
  return { ...run, shards };
}

function plainSynth(count: number): Run {
  const outdir = join(work, `plain-${count}`);
  const run = timed([cdk, 'synth', '--quiet', '-o', outdir, '--app', 'npx tsx bench/synth/plain-app.ts'], { BENCH_SECRETS: String(count) }, outdir);
  rmSync(outdir, { recursive: true, force: true });
  return run;
}

function loadOnly(count: number): { seconds: number; megabytes: number } {
  const text = generatedCatalog({ count, shards: Math.max(1, Math.ceil(count / 80)) });
  const started = performance.now();
  parseCatalog(text, 'load.yaml');
  return { seconds: (performance.now() - started) / 1000, megabytes: Buffer.byteLength(text) / 1e6 };
}

const mb = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} MB`);
const secs = (run: Run) => `${run.seconds.toFixed(1)} s (CPU ${run.cpuSeconds === undefined ? 'n/a' : `${run.cpuSeconds.toFixed(1)} s`})`;
const rows: string[] = [];
try {
  for (const count of sizes(args.sizes)) {
    const load = loadOnly(count);
    const warden = wardenSynth(count, false);
    const plain = plainSynth(count);
    rows.push(
      `| ${count} | ${warden.shards} | ${warden.stacks} | ${load.seconds.toFixed(1)} s | ${secs(warden)} | ${mb(warden.peakMb)} | ${plain.stacks} | ${secs(plain)} | ${mb(plain.peakMb)} |`,
    );
    console.error(rows.at(-1));
  }
  const validationRows: string[] = [];
  for (const count of sizes(args['validation-sizes'])) {
    const on = wardenSynth(count, true);
    validationRows.push(`| ${count} | ${secs(on)} | ${mb(on.peakMb)} |`);
    console.error(validationRows.at(-1));
  }
  const loadRows = sizes(args['load-sizes']).map((count) => {
    const load = loadOnly(count);
    return `| ${count} | ${load.megabytes.toFixed(1)} MB | ${load.seconds.toFixed(1)} s |`;
  });
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| secrets | shards | stacks | catalog load + validation | `cdk synth` (warden) | peak memory | stacks (plain CDK) | `cdk synth` (plain CDK) | peak memory (plain) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
  if (validationRows.length > 0) {
    console.log('\nWith CDK\'s built-in CloudFormation validation on (WARDEN_CFN_VALIDATION=true):\n');
    console.log('| secrets | `cdk synth` | peak memory |\n|---:|---:|---:|');
    console.log(validationRows.join('\n'));
  }
  if (loadRows.length > 0) {
    console.log('\nCatalog loading and validation alone (in process):\n');
    console.log('| secrets | catalog size | load + validation |\n|---:|---:|---:|');
    console.log(loadRows.join('\n'));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
