// Client benchmark: `npm run bench:client`. secrets-warden/client side by side with Powertools
// parameters (SecretsProvider) and @middy/secrets-manager, each configured with the same TTL, all
// against the same loopback HTTP Secrets Manager (test/support/secrets-manager-http.ts over the
// in-process double, with a modelled service latency). Per library and TTL: `callers` concurrent
// callers each read one secret `reads` times, one read every `interval` ms; the secret is rotated
// (AWSPENDING written, then finishSecret's label moves) `rotateAt` ms in. Reported: Secrets Manager
// calls while the callers read (from the first read to the last), p50/p99 latency of a read, how
// long after finishSecret the last caller still read the old value and whether that is within the
// `bound`, then the calls each library makes in `idle` seconds in which nobody reads. Then the
// bundle size and cold import of the client, measured as the rotation handlers'.
// Options: --callers 100 --reads 100 --interval 100 --rotate-at 3000 --ttls 5,60 --latency 10
//          --bound 5000 --idle 10 --imports 10
import middy from '@middy/core';
import secretsManager from '@middy/secrets-manager';
import { clearCache } from '@middy/util';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSecrets } from '../../client/index';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../test/support/secrets-manager-http';
import { benchBundles } from '../rotation/bundle-bench';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}
const CALLERS = Number(option('callers', '100'));
const READS = Number(option('reads', '100'));
const INTERVAL = Number(option('interval', '100'));
const ROTATE_AT = Number(option('rotate-at', '3000'));
const TTLS = option('ttls', '5,60').split(',').map(Number);
const LATENCY = Number(option('latency', '10'));
const BOUND = Number(option('bound', '5000'));
const IDLE = Number(option('idle', '10'));
const IMPORTS = Number(option('imports', '10'));
const ENVIRONMENT = 'bench';

type Reader = () => Promise<string>;
interface Library {
  readonly name: string;
  /** A reader of `id` (the stored name) with the TTL, plus a cleanup. */
  make(endpoint: string, id: string, catalogName: string, ttlSeconds: number): { read: Reader; close(): void };
}

const sdkConfig = (endpoint: string) => ({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });

const LIBRARIES: Library[] = [
  {
    name: 'secrets-warden/client',
    make(endpoint, _id, catalogName, ttlSeconds) {
      const secrets = createSecrets({ environment: ENVIRONMENT, sources: [{ kind: 'secrets-manager', client: new SecretsManagerClient(sdkConfig(endpoint)) }], ttl: ttlSeconds * 1000 });
      return { read: async () => (await secrets.get(catalogName)).reveal(), close: () => undefined };
    },
  },
  {
    name: '@aws-lambda-powertools/parameters SecretsProvider',
    make(endpoint, id, _catalogName, ttlSeconds) {
      const provider = new SecretsProvider({ clientConfig: sdkConfig(endpoint) });
      return { read: async () => (await provider.get(id, { maxAge: ttlSeconds })) as string, close: () => undefined };
    },
  },
  {
    name: '@middy/secrets-manager',
    make(endpoint, id, _catalogName, ttlSeconds) {
      const cacheKey = `bench-${randomUUID()}`;
      const handler = middy(async (_event: unknown, context: Context) => (context as unknown as { token: string }).token)
        .use(secretsManager({ fetchData: { token: id }, awsClientOptions: sdkConfig(endpoint), cacheKey, cacheExpiry: ttlSeconds * 1000, setToContext: true }));
      return { read: () => handler({}, {} as Context & { token: unknown }), close: () => clearCache([cacheKey]) };
    },
  },
];

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  readonly library: string;
  readonly ttl: number;
  /** Calls from the first read to the last (after that, the sequential warm reads, then the idle time). */
  readonly calls: { get: number; describe: number };
  /** Calls in IDLE seconds with no reads, after the warm reads. */
  readonly idleCalls: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly maxLagMs: number | undefined;
  readonly onOld: number;
  readonly failed: number;
  readonly warmNsPerRead: number;
}

async function rotate(server: AwsHttpDouble, id: string): Promise<void> {
  const token = randomUUID();
  const current = server.double.versionAt(id, 'AWSCURRENT');
  await server.double.handle('PutSecretValue', { SecretId: id, ClientRequestToken: token, SecretString: 'value-after-rotation', VersionStages: ['AWSPENDING'] });
  await server.double.handle('UpdateSecretVersionStage', { SecretId: id, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current });
  await server.double.handle('UpdateSecretVersionStage', { SecretId: id, VersionStage: 'AWSPENDING', RemoveFromVersionId: token });
}

async function scenario(server: AwsHttpDouble, library: Library, ttl: number): Promise<Figures> {
  const catalogName = `payments/token-${randomUUID().slice(0, 8)}`;
  const id = `${ENVIRONMENT}/${catalogName}`;
  server.double.seed({ name: id, secretString: 'value-before-rotation' });
  const { read, close } = library.make(server.url, id, catalogName, ttl);
  const latencies = new Float64Array(CALLERS * READS);
  const firstNew = new Float64Array(CALLERS).fill(Number.NaN);
  const lastWasOld = new Uint8Array(CALLERS);
  let n = 0;
  let failed = 0;
  const start = performance.now();
  let finishedAt = Number.POSITIVE_INFINITY;
  const rotation = sleep(ROTATE_AT).then(() => rotate(server, id)).then(() => {
    finishedAt = performance.now();
  });
  const caller = async (c: number) => {
    await sleep((c * INTERVAL) / CALLERS); // spread the callers over one interval
    for (let r = 0; r < READS; r += 1) {
      const due = start + (c * INTERVAL) / CALLERS + r * INTERVAL;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const t0 = performance.now();
      try {
        const value = await read();
        const t1 = performance.now();
        latencies[n++] = (t1 - t0) * 1000;
        if (value !== 'value-before-rotation' && value !== 'value-after-rotation') throw new Error(`${library.name} returned ${typeof value}`);
        lastWasOld[c] = value === 'value-before-rotation' ? 1 : 0;
        if (!lastWasOld[c] && Number.isNaN(firstNew[c])) firstNew[c] = t1;
      } catch (error) {
        failed += 1;
        if (failed === 1) console.error(`${library.name}: ${String(error)}`);
      }
    }
  };
  await Promise.all([rotation, ...Array.from({ length: CALLERS }, (_, c) => caller(c))]);
  // Counted here, when the last read has returned: the warm loop below runs longer for a slower
  // read path, and a refresh timer firing during it is not part of the workload.
  const ours = (call: { input: Record<string, unknown> }) => call.input.SecretId === id;
  const calls = server.double.calls().filter(ours);

  // Warm hit path, sequential: what one more read costs once the value is cached. In chunks with
  // a yield between them (a loop of resolved awaits would starve I/O, i.e. any refresh in flight);
  // the median chunk, so a GC pause or another process on the shared machine does not decide it.
  const chunk = 1_000;
  const chunks = new Float64Array(50);
  for (let i = 0; i < chunks.length; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    const w0 = performance.now();
    for (let j = 0; j < chunk; j += 1) await read();
    chunks[i] = ((performance.now() - w0) * 1e6) / chunk;
  }
  const warmNsPerRead = percentile(chunks.sort(), 0.5);
  const beforeIdle = server.double.calls().filter(ours).length;
  await sleep(IDLE * 1000);
  const idleCalls = server.double.calls().filter(ours).length - beforeIdle;
  close();

  const sorted = latencies.slice(0, n).sort();
  // Once a caller reads the new value it never reads the old one again (checked: lastWasOld).
  const onOld = lastWasOld.reduce((sum, old) => sum + old, 0);
  const lags = [...firstNew].filter((t) => !Number.isNaN(t)).map((t) => t - finishedAt);
  return {
    library: library.name,
    ttl,
    calls: { get: calls.filter((c) => c.operation === 'GetSecretValue').length, describe: calls.filter((c) => c.operation === 'DescribeSecret').length },
    idleCalls,
    p50us: percentile(sorted, 0.5),
    p99us: percentile(sorted, 0.99),
    maxLagMs: lags.length === 0 ? undefined : Math.max(0, ...lags),
    onOld,
    failed,
    warmNsPerRead,
  };
}

function machine(): string {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return `${cpu}, nproc ${execSync('nproc', { encoding: 'utf8' }).trim()}, node ${process.version}`;
}

async function main(): Promise<void> {
  const server = await startAwsHttpDouble({ latency: (service) => (service === 'secretsmanager' ? LATENCY : 0) });
  const figures: Figures[] = [];
  try {
    for (const ttl of TTLS) {
      for (const library of LIBRARIES) {
        const f = await scenario(server, library, ttl);
        figures.push(f);
        console.error(`done: ${f.library}, TTL ${ttl} s`);
      }
    }
  } finally {
    await server.stop();
  }
  const runSeconds = ((READS - 1) * INTERVAL) / 1000;
  const rows = figures.map((f) => {
    const lag = f.onOld === 0 ? `${(f.maxLagMs! / 1000).toFixed(2)} s` : `**${f.onOld} of ${CALLERS} callers still on the old value at the end, ${(runSeconds - ROTATE_AT / 1000).toFixed(1)} s after**`;
    const fresh = f.onOld === 0 && f.maxLagMs! <= BOUND ? 'yes' : '**no**';
    return `| ${f.library} | ${f.ttl} s | ${f.calls.get + f.calls.describe} (${f.calls.get} GetSecretValue, ${f.calls.describe} DescribeSecret) | ${f.p50us.toFixed(1)} µs | ${f.p99us.toFixed(1)} µs | ${(f.warmNsPerRead / 1000).toFixed(2)} µs | ${lag} | ${fresh} | ${f.idleCalls} | ${f.failed} |`;
  });
  console.log([
    `Machine: ${machine()}. Date: ${new Date().toISOString()}.`,
    `Run: ${CALLERS} callers x ${READS} reads (one per ${INTERVAL} ms each, ${(CALLERS * READS).toLocaleString('en')} reads in ${runSeconds.toFixed(1)} s), rotation finished ${ROTATE_AT / 1000} s in, service latency ${LATENCY} ms per call.`,
    '',
    `| library | TTL | Secrets Manager calls, first read to last | read p50 | read p99 | warm read, sequential (median of 50 x 1,000) | every caller on the new value, after finishSecret (read every ${INTERVAL} ms) | within ${BOUND / 1000} s | calls in the next ${IDLE} s, no reads | failed reads |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n'));

  const { bare, bundles } = await benchBundles(join('.tmp', 'bench-client'), IMPORTS, ['client/index.ts']);
  const b = bundles[0]!;
  console.log([
    '',
    '| entry | minified bundle | cold import, wall (median) | wall vs bare client | cold import, CPU (median) | CPU vs bare client |',
    '|---|---|---|---|---|---|',
    `| bare \`SecretsManagerClient\` | ${(bare.bytes / 1024).toFixed(1)} KB | ${bare.importMedianMs.toFixed(1)} ms | 1.00x | ${bare.importCpuMedianMs.toFixed(1)} ms | 1.00x |`,
    `| \`client/index.ts\` | ${(b.bytes / 1024).toFixed(1)} KB | ${b.importMedianMs.toFixed(1)} ms | ${b.ratio.toFixed(2)}x | ${b.importCpuMedianMs.toFixed(1)} ms | ${b.cpuRatio.toFixed(2)}x |`,
  ].join('\n'));
}

await main();
