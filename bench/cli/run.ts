// npm run bench:cli [-- --runs 7 --secrets 1000 --aws-v2 /usr/bin/aws]
// Wall and CPU time of `warden --version`, masked `warden get` and `warden list` over N secrets,
// side by side in the same run with the AWS CLI v2 (and v1 when `aws` on PATH is a v1):
// `aws --version`, `aws secretsmanager get-secret-value`, `list-secrets`, against the same local
// endpoint: bench/inventory/server.ts, i.e. the project's Secrets Manager double over HTTP, with
// no added latency, so the figures are each tool's own cost. A missing CLI's columns show `-`.
// warden's cache (cli/cache.ts) lives in a fresh directory for the run: the timed runs after the
// warm-up use it, as an operator's second command does; the `--no-cache` rows show a first run
// (STS asked, catalog parsed), beside the same AWS CLI commands. In each row the tools take turns
// run by run, so a change of load during the row weighs on all of them alike.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    secrets: { type: 'string', default: '1000' },
    'aws-v2': { type: 'string', default: '/usr/bin/aws' },
    /** Another build of warden (e.g. an older checkout's bin/warden.mjs) for a before/after run. */
    'warden-bin': { type: 'string', default: 'bin/warden.mjs' },
    /** Time warden only (the AWS CLI columns show `-`). */
    'warden-only': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/inventory/server.ts', '--secrets', args.secrets!, '--values', '--list-latency', '0', '--call-latency', '0', '--list-rate', '1000000', '--describe-rate', '1000000', '--get-rate', '1000000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

const server = await startServer();
const cacheHome = mkdtempSync(join(tmpdir(), 'warden-bench-cache-'));
const env = {
  ...process.env,
  XDG_CACHE_HOME: cacheHome,
  WARDEN_NO_CACHE: '',
  AWS_ENDPOINT_URL: server.url,
  AWS_ACCESS_KEY_ID: 'AKIABENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
};

interface Sample {
  /** Median wall time, ms. */
  readonly wall: number;
  /** Median CPU time (user + system) of the process and its children, ms. */
  readonly cpu: number;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** One run: wall time and CPU time (user + system of the process and its children, GNU time). */
function once(command: string, argv: readonly string[]): Sample {
  const started = process.hrtime.bigint();
  const result = hasTime ? spawnSync(TIME, ['-f', 'warden-bench-cpu %U %S', command, ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'] }) : spawnSync(command, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = result.stderr.toString();
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited ${result.status}: ${stderr.slice(0, 400)}`);
  const match = /warden-bench-cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return { wall, cpu: match ? (Number(match[1]) + Number(match[2])) * 1000 : Number.NaN };
}

/**
 * Median wall and CPU time of `runs` runs of each command, after one untimed warm-up each (file
 * cache, warden's cache). The commands take turns, run by run (warden, AWS CLI v2, v1, warden,
 * ...), so a change in the machine's load during the row weighs on all of them alike. CPU time is
 * comparable while other work loads the machine. Output discarded; a non-zero exit fails the bench.
 */
function timeSideBySide(commands: readonly (readonly [string, readonly string[]] | undefined)[]): (Sample | undefined)[] {
  const present = commands.filter((c): c is readonly [string, readonly string[]] => c !== undefined);
  for (const [command, argv] of present) once(command, argv);
  const samples = present.map((): Sample[] => []);
  for (let run = 0; run < RUNS; run += 1) present.forEach(([command, argv], i) => samples[i]!.push(once(command, argv)));
  const medians = samples.map((list) => ({ wall: median(list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)) }));
  let next = 0;
  return commands.map((c) => (c === undefined ? undefined : medians[next++]));
}

/** An AWS CLI: its path and version line, or undefined when absent. */
function awsCli(path: string): { path: string; version: string } | undefined {
  const result = spawnSync(path, ['--version'], { env });
  if (result.error || result.status !== 0) return undefined;
  return { path, version: (result.stdout.toString().trim() || result.stderr.toString().trim()).split('\n')[0]! };
}

// AWS CLI v2 (the Debian package at /usr/bin/aws; `--aws-v2 PATH` for another) and v1 (`aws` on
// PATH when it is a v1, e.g. a pyenv shim). Both get --endpoint-url: AWS CLI v2 before 2.13 and v1
// ignore AWS_ENDPOINT_URL, and must never reach the network.
const clis = (args['warden-only'] ? [] : [awsCli(args['aws-v2']!), awsCli('aws')]).filter((c): c is { path: string; version: string } => c !== undefined);
const unique = clis.filter((c, i) => clis.findIndex((d) => d.version === c.version) === i);
const v2 = unique.find((c) => c.version.startsWith('aws-cli/2.'));
const v1 = unique.find((c) => c.version.startsWith('aws-cli/1.'));
const wardenCommand = (argv: readonly string[]) => [process.execPath, [args['warden-bin']!, ...argv]] as const;
const awsCommand = (cli: { path: string } | undefined, argv: readonly string[]) =>
  cli ? ([cli.path, argv[0] === '--version' ? argv : ['--endpoint-url', server.url, ...argv]] as const) : undefined;
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : `${n.toFixed(0)} ms`);
const ratio = (a: number, b: number | undefined) => (b === undefined || Number.isNaN(a) || Number.isNaN(b) ? '-' : (a / b).toFixed(2));

try {
  // A name that exists among the synthetic secrets.
  const listed = spawnSync(process.execPath, [args['warden-bin']!, 'list', '--json'], { env });
  const names = (JSON.parse(listed.stdout.toString()) as { secrets: { name: string }[] }).secrets.map((s) => s.name);
  const target = names.find((n) => n.startsWith('prod/')) ?? names[0] ?? 'prod/team0/app-1';
  const getArgs = ['secretsmanager', 'get-secret-value', '--secret-id', target];
  const listArgs = ['secretsmanager', 'list-secrets'];
  const rows: [string, string[], string[]][] = [
    ['--version', ['--version'], ['--version']],
    ['get (masked)', ['get', target], getArgs],
    [`list (${args.secrets} secrets)`, ['list', '--json'], listArgs],
  ];
  // A build from before the cache (e.g. --warden-bin of an older checkout) has no --no-cache.
  const hasCache = spawnSync(process.execPath, [args['warden-bin']!, '--help'], { env }).stdout.toString().includes('--no-cache');
  if (hasCache) {
    rows.push(['get (masked) --no-cache', ['get', target, '--no-cache'], getArgs], [`list (${args.secrets} secrets) --no-cache`, ['list', '--json', '--no-cache'], listArgs]);
  }
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; date ${new Date().toISOString()}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`warden: ${args['warden-bin']}`);
  console.log(`AWS CLI v2: ${v2 ? `${v2.path} (${v2.version})` : 'not found'}; v1: ${v1 ? `${v1.path} (${v1.version})` : 'not found'}`);
  console.log(`Median of ${RUNS} runs after one warm-up, the tools taking turns run by run; endpoint: bench/inventory/server.ts (${args.secrets} secrets, no added latency); CPU = user + system${hasTime ? '' : ' (not measured: /usr/bin/time missing)'}\n`);
  console.log('| Command | warden wall | warden CPU | AWS CLI v2 wall | v2 CPU | warden / v2 wall | warden / v2 CPU | AWS CLI v1 wall | v1 CPU | warden / v1 wall |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [label, wardenArgs, awsArgs] of rows) {
    const [w, a2, a1] = timeSideBySide([wardenCommand(wardenArgs), awsCommand(v2, awsArgs), awsCommand(v1, awsArgs)]);
    console.log(`| \`warden ${label}\` | ${ms(w!.wall)} | ${ms(w!.cpu)} | ${ms(a2?.wall)} | ${ms(a2?.cpu)} | ${ratio(w!.wall, a2?.wall)} | ${ratio(w!.cpu, a2?.cpu)} | ${ms(a1?.wall)} | ${ms(a1?.cpu)} | ${ratio(w!.wall, a1?.wall)} |`);
  }
  console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  server.child.kill('SIGTERM');
  rmSync(cacheHome, { recursive: true, force: true });
}
