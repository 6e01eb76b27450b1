// One measured run in a process of its own (so peak RSS is this run's), with the real SDK against
// the bench server named by AWS_ENDPOINT_URL_SECRETS_MANAGER. It runs the handler's whole path
// (`runInventory`: read the previous state, scan, write the JSON report under two keys, the facts
// file, the state, Markdown, digest) with the report bucket replaced by a directory. Prints one JSON line.
//   --mode list     every policy deferred: listing + records + findings (the first-run cost minus policies)
//   --mode warm     writes a state in which every secret's facts are current (untimed, for --mode steady)
//   --mode steady   reads that state: the daily run of a stable account, every policy carried
//   --mode policy   every policy read: GetResourcePolicy-bound (50 per second quota)
//   --serial        one unfiltered listing, page after page (the baseline)
// Run it with the heap limited as Lambda limits it (run.ts passes --max-old-space-size), so that a
// run that needs more memory than the function has fails here instead of passing on a big machine.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { linesOf } from '../../lambdas/shared/lines';
import { writeChunks } from '../../lambdas/shared/report-store';
import { secretsManagerSource } from '../../lambdas/inventory/adapters/secrets-manager';
import type { CatalogSummary } from '../../contract/catalog-summary';
import type { ReportStore } from '../../lambdas/inventory/ports';
import type { PolicyFacts, SecretRecord } from '../../contract/inventory';
import { STATE_JSON, stateChunks } from '../../lambdas/inventory/history/state-file';
import { reportKeyFor, runInventory, type RunPorts } from '../../lambdas/inventory/run';
import { scan } from '../../lambdas/inventory/scan/scan';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'list' },
    serial: { type: 'boolean', default: false },
    parallelism: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '8' },
    dir: { type: 'string', default: '/tmp/inventory-bench' },
  },
});

const summary: CatalogSummary = {
  environment: 'prod',
  environments: ['staging', 'prod'],
  settings: { unusedDays: 90, overdueGraceDays: 3, externalDueSoonDays: 14, criticalRealertDays: 7 },
  secrets: [],
  readersByEnvironment: { prod: ['arn:aws:iam::111111111111:role/prod-app'], staging: ['arn:aws:iam::111111111111:role/staging-app'] },
  adminRoleArn: null,
  cisMonitoring: true,
};

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const written = new Map<string, number>();

let stagedCount = 0;

/** The shared chunked writer (lambdas/shared/report-store.ts), into a directory made as needed. */
async function writeFile(file: string, chunks: Iterable<string>): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await writeChunks(file, chunks);
}

/** The report bucket as a directory: what S3 would hold, written and read the way the adapter does. */
function directoryStore(root: string): ReportStore {
  const path = (key: string) => join(root, key);
  return {
    async readJson<T>(key: string) {
      return existsSync(path(key)) ? (JSON.parse(readFileSync(path(key), 'utf8')) as T) : null;
    },
    async readLines(key) {
      return existsSync(path(key)) ? linesOf(createReadStream(path(key))) : null;
    },
    async write(key, body) {
      await writeFile(path(key), typeof body === 'string' ? [body] : body);
      written.set(key, statSync(path(key)).size);
    },
    async stage(body) {
      // As the S3 adapter stages: once to a temporary file, then that file under each key.
      const staged = join(root, `.staged-${(stagedCount += 1)}`);
      await writeFile(staged, body);
      return {
        async writeTo(key) {
          mkdirSync(dirname(path(key)), { recursive: true });
          copyFileSync(staged, path(key));
          written.set(key, statSync(path(key)).size);
        },
        discard: () => rmSync(staged, { force: true }),
      };
    },
  };
}

const base = {
  secrets: secretsManagerSource(new SecretsManagerClient({})),
  plaintext: null,
  clock: { now: () => new Date() },
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  log: { info: () => undefined, warn: () => undefined },
};
const options = {
  listing: { parallelism: Number(args.parallelism), partitioned: !args.serial },
  perSecretConcurrency: Number(args.concurrency),
  region: 'eu-west-1',
  policyDeadline: args.mode === 'policy' ? undefined : new Date(0),
};
const reports = directoryStore(args.dir!);

if (args.mode === 'warm') {
  // The state a stable account reaches after earlier runs read every policy: every secret's facts
  // marked read after its last change, so that the steady run carries all of them.
  const result = await scan(summary, null, base, options);
  const checkedAt = new Date().toISOString();
  const policy: PolicyFacts = { public: false, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [] };
  for (const s of result.records) Object.assign(s as SecretRecord, { policyCheckedAt: checkedAt, policy });
  await reports.write(STATE_JSON, stateChunks(result), 'application/x-ndjson');
  process.stdout.write(`${JSON.stringify({ mode: 'warm', secrets: result.head.summary.secrets, stateMb: Number(((written.get(STATE_JSON) ?? 0) / 1048576).toFixed(1)) })}\n`);
  process.exit(0);
}

if (args.mode === 'steady' && !existsSync(join(args.dir!, STATE_JSON))) {
  // Without the warm state every policy would be read at 50 per second: hours at 500,000.
  process.stderr.write(`steady mode needs ${STATE_JSON} in ${args.dir} (run --mode warm first)\n`);
  process.exit(2);
}

const ports: RunPorts = { ...base, reports, metrics: { publish: () => undefined }, notifier: { publish: async () => undefined }, badge: () => '<svg/>' };
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const { head, findings } = await runInventory(summary, ports, { ...options, policyDeadline: args.mode === 'steady' ? undefined : options.policyDeadline });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStart);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const mb = (key: string) => Number(((written.get(key) ?? 0) / 1048576).toFixed(1));

process.stdout.write(
  `${JSON.stringify({
    mode: args.mode,
    serial: args.serial,
    secrets: head.summary.secrets,
    findings,
    seconds: Number(seconds.toFixed(2)),
    secretsPerSecond: Math.round(head.summary.secrets / seconds),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    peakRssMb: Math.round(peakRss / 1048576),
    maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1048576),
    reportMb: mb(`${reportKeyFor(head.generatedAt)}.json`),
    factsMb: mb('inventory/latest.facts.ndjson'),
    stateMb: mb(STATE_JSON),
    markdownKb: Math.round((written.get('inventory/latest.md') ?? 0) / 1024),
    scan: head.scan,
  })}\n`,
);
