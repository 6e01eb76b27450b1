// npm run bench:cli [-- --runs 7 --secrets 1000]
// Wall time of `warden --version`, masked `warden get` and `warden list` over N secrets, side by
// side in the same run with the AWS CLI (`aws --version`, `aws secretsmanager get-secret-value`,
// `list-secrets`) against the same local endpoint: bench/inventory/server.ts, i.e. the project's
// Secrets Manager double over HTTP, with no added latency, so the figures are each tool's own cost.
// The AWS CLI column is skipped, with a message, when `aws` is not on PATH.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    secrets: { type: 'string', default: '1000' },
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
const env = {
  ...process.env,
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

/** Median wall time (ms) of `runs` runs, after one untimed warm-up (file cache). Output discarded; a non-zero exit fails the bench. */
function time(command: string, argv: readonly string[]): number {
  const once = () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(0, 400)}`);
    return ms;
  };
  once();
  const samples = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const hasAws = spawnSync('aws', ['--version'], { env }).status === 0;
const awsVersion = hasAws ? spawnSync('aws', ['--version'], { env }).stdout.toString().trim() || spawnSync('aws', ['--version'], { env }).stderr.toString().trim() : '';
const name = 'prod/team0/app-1';
const warden = (...argv: string[]) => time(process.execPath, ['bin/warden.mjs', ...argv]);
const aws = (...argv: string[]) => (hasAws ? time('aws', ['--endpoint-url', server.url, ...argv]) : undefined);

try {
  // A name that exists among the synthetic secrets.
  const listed = spawnSync(process.execPath, ['bin/warden.mjs', 'list', '--json'], { env });
  const names = (JSON.parse(listed.stdout.toString()) as { secrets: { name: string }[] }).secrets.map((s) => s.name);
  const target = names.find((n) => n.startsWith('prod/')) ?? names[0] ?? name;
  const rows: [string, number, number | undefined, string][] = [
    ['--version', warden('--version'), aws('--version'), '`aws --version`'],
    ['get (masked)', warden('get', target), aws('secretsmanager', 'get-secret-value', '--secret-id', target), '`aws secretsmanager get-secret-value` (prints the value)'],
    [`list (${args.secrets} secrets)`, warden('list', '--json'), aws('secretsmanager', 'list-secrets'), '`aws secretsmanager list-secrets` (all pages)'],
  ];
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; ${awsVersion || 'AWS CLI not installed'}; date ${new Date().toISOString()}`);
  console.log(`Median of ${RUNS} runs after one warm-up; endpoint: bench/inventory/server.ts (${args.secrets} secrets, no added latency)\n`);
  if (!hasAws) console.log('`aws` is not on PATH: the AWS CLI column is skipped (install it, e.g. `apt-get install awscli`, to compare).\n');
  console.log('| Command | warden | AWS CLI | warden / AWS CLI | AWS CLI command |');
  console.log('|---|---|---|---|---|');
  for (const [label, w, a, what] of rows) {
    console.log(`| \`warden ${label}\` | ${w.toFixed(0)} ms | ${a === undefined ? 'skipped' : `${a.toFixed(0)} ms`} | ${a === undefined ? '-' : (w / a).toFixed(2)} | ${what} |`);
  }
} finally {
  server.child.kill('SIGTERM');
}
