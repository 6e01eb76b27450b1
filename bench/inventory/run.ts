// npm run bench:inventory [-- --sizes 10000,100000,500000]
// Starts the local Secrets Manager (bench/inventory/server.ts) per size, then runs each scenario
// in its own process (scan-once.ts) so that peak memory is per scenario. Prints a Markdown table.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,500000' },
    'list-latency': { type: 'string', default: '50' },
    'call-latency': { type: 'string', default: '15' },
    names: { type: 'string', default: 'skewed' },
    'serial-max': { type: 'string', default: '100000' },
    'policy-secrets': { type: 'string', default: '2000' },
    // Lambda gives a 1024 MB Node.js function an old-space limit of about 85 % of its memory; the
    // bench runs each scan under the same ceiling, so a run that does not fit fails loudly here.
    'heap-mb': { type: 'string', default: '880' },
  },
});

const tsx = ['--import', 'tsx'];

async function startServer(secrets: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...tsx, 'bench/inventory/server.ts', '--secrets', String(secrets), '--list-latency', args['list-latency']!, '--call-latency', args['call-latency']!, '--names', args.names!], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

async function scanOnce(port: number, extra: string[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [`--max-old-space-size=${args['heap-mb']}`, ...tsx, 'bench/inventory/scan-once.ts', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`scan-once ${extra.join(' ')} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const rows: string[] = [];
const listLatency = Number(args['list-latency']);
for (const size of args.sizes!.split(',').map(Number)) {
  const server = await startServer(size);
  try {
    const pages = Math.ceil(size / 100);
    const serialBound = (pages * listLatency) / 1000;
    // ListSecrets quota: 100 requests per second, i.e. at most 10,000 secrets per second however parallel.
    const quotaBound = pages / 100;
    // Each scenario gets an empty bucket directory, except that the steady run reads the state the
    // (untimed) warm run wrote before it.
    const scenarios: [string, string[], string[] | null][] = [
      ['partitioned, policies deferred', ['--mode', 'list'], null],
      ['partitioned, steady state (all facts carried from state.json)', ['--mode', 'steady'], ['--mode', 'warm']],
    ];
    if (size <= Number(args['serial-max'])) scenarios.push(['serial (one listing), policies deferred', ['--mode', 'list', '--serial'], null]);
    for (const [label, extra, before] of scenarios) {
      const dir = mkdtempSync(join(tmpdir(), 'inventory-bench-'));
      let r: Record<string, unknown>;
      try {
        if (before) process.stderr.write(`${size} warm: ${JSON.stringify(await scanOnce(server.port, [...before, '--dir', dir]))}\n`);
        r = await scanOnce(server.port, [...extra, '--dir', dir]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const scan = r.scan as Record<string, number>;
      rows.push(
        `| ${size.toLocaleString('en')} | ${label} | ${r.seconds} s | ${Number(r.secretsPerSecond).toLocaleString('en')} | ${scan.listSecretsCalls} | ${scan.partitions} | ${scan.throttled} | ${r.peakRssMb} / ${r.maxRssMb} MB | ${r.reportMb} MB | ${r.factsMb} MB | ${r.stateMb} MB | ${serialBound.toFixed(1)} s / ${quotaBound.toFixed(1)} s |`,
      );
      process.stderr.write(`${size} ${label}: ${JSON.stringify(r)}\n`);
    }
  } finally {
    server.child.kill('SIGTERM');
  }
}

const policySecrets = Number(args['policy-secrets']);
const policyServer = await startServer(policySecrets);
let policyRow = '';
try {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-bench-'));
  const r = await scanOnce(policyServer.port, ['--mode', 'policy', '--concurrency', '8', '--dir', dir]).finally(() => rmSync(dir, { recursive: true, force: true }));
  const scan = r.scan as Record<string, number>;
  policyRow = `| ${policySecrets.toLocaleString('en')} | every policy read (GetResourcePolicy quota 50/s) | ${r.seconds} s | ${r.secretsPerSecond} | ${scan.policyCalls} policy reads, ${scan.throttled} throttled | bound ${(policySecrets / 50).toFixed(0)} s |`;
  process.stderr.write(`policy: ${JSON.stringify(r)}\n`);
} finally {
  policyServer.child.kill('SIGTERM');
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; date ${new Date().toISOString()}`);
console.log(`Server latency: ListSecrets ${listLatency} ms, other calls ${args['call-latency']} ms; names: ${args.names}; scan heap limit --max-old-space-size=${args['heap-mb']}\n`);
console.log('| Secrets | Scenario | Wall time | Secrets/s | ListSecrets calls | Partitions | Throttled | Peak RSS (sampled / maxRSS) | JSON report | Facts file | State | Bound: serial pages × latency / ListSecrets quota |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log('\n| Secrets | Scenario | Wall time | Secrets/s | Calls | Bound |\n|---|---|---|---|---|---|');
console.log(policyRow);
