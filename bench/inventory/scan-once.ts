// One measured scan in a process of its own (so peak RSS is this scan's), with the real SDK
// against the bench server named by AWS_ENDPOINT_URL_SECRETS_MANAGER. Prints one JSON line.
//   --mode list     every policy deferred: listing + records + findings (the first-run cost minus policies)
//   --mode steady   a previous report whose facts are all still valid (the daily run of a stable account)
//   --mode policy   every policy read: GetResourcePolicy-bound (50 per second quota)
//   --serial        one unfiltered listing, page after page (the baseline)
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseArgs } from 'node:util';
import { secretsManagerSource } from '../../lambdas/inventory/adapters/secrets-manager';
import type { CatalogSummary } from '../../lambdas/inventory/core/catalog-summary';
import type { PreviousReport } from '../../lambdas/inventory/core/history';
import { renderMarkdown } from '../../lambdas/inventory/core/markdown';
import { reportJsonChunks } from '../../lambdas/inventory/core/report-json';
import { scan, type ScanPorts } from '../../lambdas/inventory/core/scan';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'list' },
    serial: { type: 'boolean', default: false },
    parallelism: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '8' },
  },
});

const summary: CatalogSummary = {
  environment: 'prod',
  environments: ['staging', 'prod'],
  settings: { unusedDays: 90, overdueGraceDays: 3, externalDueSoonDays: 14, criticalRealertDays: 7 },
  secrets: [],
  readersByEnvironment: { prod: ['arn:aws:iam::111111111111:role/prod-app'], staging: ['arn:aws:iam::111111111111:role/staging-app'] },
};

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const ports: ScanPorts = {
  secrets: secretsManagerSource(new SecretsManagerClient({})),
  plaintext: null,
  clock: { now: () => new Date() },
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  log: { info: () => undefined, warn: () => undefined },
};
const options = {
  listing: { parallelism: Number(args.parallelism), partitioned: !args.serial },
  perSecretConcurrency: Number(args.concurrency),
  region: 'eu-west-1',
};

let previous: PreviousReport | null = null;
if (args.mode === 'steady') {
  // The state a stable account reaches after earlier runs read every policy: built from a listing
  // pass (not timed), every secret marked checked after its last change.
  const warm = await scan(summary, null, ports, { ...options, policyDeadline: new Date(0) });
  const checkedAt = new Date().toISOString();
  previous = {
    generatedAt: warm.report.generatedAt,
    firstSeen: warm.report.firstSeen,
    findings: warm.report.findings.map((f) => ({ id: f.id })),
    alertedAt: warm.report.alertedAt,
    secrets: warm.report.secrets.map((s) => ({ ...s, policyCheckedAt: checkedAt, policy: { public: false, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [] } })),
  };
}

const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const { report } = await scan(summary, previous, ports, { ...options, policyDeadline: args.mode === 'policy' ? undefined : args.mode === 'list' ? new Date(0) : undefined });
let reportBytes = 0;
for (const chunk of reportJsonChunks(report)) reportBytes += Buffer.byteLength(chunk);
const markdownBytes = Buffer.byteLength(renderMarkdown(report));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStart);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

process.stdout.write(
  `${JSON.stringify({
    mode: args.mode,
    serial: args.serial,
    secrets: report.summary.secrets,
    findings: report.findings.length,
    seconds: Number(seconds.toFixed(2)),
    secretsPerSecond: Math.round(report.summary.secrets / seconds),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    peakRssMb: Math.round(peakRss / 1048576),
    maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1048576),
    reportMb: Number((reportBytes / 1048576).toFixed(1)),
    markdownKb: Math.round(markdownBytes / 1024),
    scan: report.scan,
  })}\n`,
);
