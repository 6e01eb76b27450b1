// A local Secrets Manager for the benchmarks: the project's one stateful double
// (test/support/secrets-manager-double.ts) served over HTTP by test/support/secrets-manager-http.ts
// (AWS JSON 1.1, POST /, X-Amz-Target: secretsmanager.<Operation>) on 127.0.0.1, so the real SDK
// reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER (or AWS_ENDPOINT_URL). This script seeds N
// deterministic synthetic secrets, answers after a configurable latency, and throttles each
// operation with a token bucket at the documented quotas (ListSecrets 100/s, GetResourcePolicy
// 50/s, DescribeSecret 40,000/s), answering ThrottlingException like the service.
// Run: tsx bench/inventory/server.ts --secrets 10000
import { parseArgs } from 'node:util';
import { SecretsManagerDouble, throttlingException, type SecretSeed, type SecretsManagerOperation } from '../../test/support/secrets-manager-double';
import { AwsHttpDouble } from '../../test/support/secrets-manager-http';

const { values: args } = parseArgs({
  options: {
    secrets: { type: 'string', default: '10000' },
    'list-latency': { type: 'string', default: '50' },
    'call-latency': { type: 'string', default: '15' },
    'list-rate': { type: 'string', default: '100' },
    'policy-rate': { type: 'string', default: '50' },
    'describe-rate': { type: 'string', default: '40000' },
    'get-rate': { type: 'string', default: '10000' },
    names: { type: 'string', default: 'skewed' },
    port: { type: 'string', default: '0' },
    /** Give each secret a JSON value (the CLI bench reads them); the inventory never reads values. */
    values: { type: 'boolean', default: false },
  },
});

const N = Number(args.secrets);
const REGION = 'eu-west-1';
const ACCOUNT = '111111111111';
const DAY = 86_400_000;
const NOW = Date.now();

/** Deterministic 32-bit hash of an index (xorshift-multiply), so every run holds the same account. */
function hash(i: number, salt: number): number {
  let x = (i + 1) * 0x9e3779b1 + salt * 0x85ebca6b;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/**
 * `skewed`: how warden names secrets (`<env>/<team>/<app>-<n>`): 60 % prod/, 25 % staging/, 15 %
 * other names; `spread`: first characters spread evenly over letters and digits.
 */
function nameOf(i: number): string {
  const h = hash(i, 1);
  if (args.names === 'spread') return `${FIRST[h % FIRST.length]}${(h >>> 8).toString(36)}-${i}`;
  const bucket = h % 100;
  const team = `team${(h >>> 8) % 40}`;
  if (bucket < 60) return `prod/${team}/app-${i}`;
  if (bucket < 85) return `staging/${team}/app-${i}`;
  return `${FIRST[(h >>> 16) % FIRST.length]}legacy-${i}`;
}

function seedOf(i: number): SecretSeed {
  const h = hash(i, 3);
  const name = nameOf(i);
  const env = name.startsWith('prod/') ? 'prod' : name.startsWith('staging/') ? 'staging' : undefined;
  const created = NOW - (30 + (h % 700)) * DAY;
  const rotating = h % 10 < 7;
  const accessedDaysAgo = h % 200;
  const policy = hash(i, 4) % 50 === 0
    ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: hash(i, 4) % 100 === 0 ? '*' : { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }
    : undefined;
  return {
    name,
    versionId: `v-${i}`.padEnd(32, '0'),
    secretString: args.values ? JSON.stringify({ username: `app_${i}`, password: `bench-value-${hash(i, 6).toString(36)}`, host: 'db.internal', port: 5432 }) : undefined,
    kmsKeyId: h % 5 === 0 ? undefined : `arn:aws:kms:${REGION}:${ACCOUNT}:key/${env ?? 'shared'}`,
    rotationEnabled: rotating,
    rotationLambdaArn: rotating ? `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate` : undefined,
    rotationRules: rotating ? { AutomaticallyAfterDays: 30 } : undefined,
    lastRotatedDate: rotating ? new Date(NOW - ((h >>> 4) % 40) * DAY) : undefined,
    nextRotationDate: rotating ? new Date(NOW + 5 * DAY) : undefined,
    lastChangedDate: new Date(created + DAY),
    lastAccessedDate: accessedDaysAgo < 150 ? new Date(NOW - accessedDaysAgo * DAY) : undefined,
    deletedDate: h % 100 === 0 ? new Date(NOW + 7 * DAY) : undefined,
    createdDate: new Date(created),
    primaryRegion: REGION,
    tags: env ? { 'warden:environment': env, 'warden:classification': ['critical', 'high', 'medium', 'low'][h % 4]!, 'warden:owner': `team${(h >>> 8) % 40}` } : { owner: 'unknown' },
    replicationStatus: hash(i, 5) % 20 === 0 ? [{ Region: 'eu-central-1', Status: 'InSync' }] : undefined,
    resourcePolicy: policy && JSON.stringify(policy),
  };
}

class TokenBucket {
  private tokens: number;
  private last = process.hrtime.bigint();
  constructor(private readonly rate: number) {
    this.tokens = rate;
  }
  take(): boolean {
    const now = process.hrtime.bigint();
    this.tokens = Math.min(this.rate, this.tokens + (Number(now - this.last) / 1e9) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const double = new SecretsManagerDouble({ region: REGION, account: ACCOUNT, cacheListings: true });
for (let i = 0; i < N; i += 1) double.seed(seedOf(i));

const buckets: Partial<Record<SecretsManagerOperation, TokenBucket>> = {
  ListSecrets: new TokenBucket(Number(args['list-rate'])),
  GetResourcePolicy: new TokenBucket(Number(args['policy-rate'])),
  DescribeSecret: new TokenBucket(Number(args['describe-rate'])),
  GetSecretValue: new TokenBucket(Number(args['get-rate'])),
};
const counts: Record<string, number> = {};
double.beforeCall((call) => {
  counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  if (buckets[call.operation] && !buckets[call.operation]!.take()) {
    counts[`${call.operation}:throttled`] = (counts[`${call.operation}:throttled`] ?? 0) + 1;
    throw throttlingException();
  }
});
// The double records every call for tests' assertions; a benchmark only needs the counts.
double.afterCall(() => {
  if (double.callCount() > 10_000) double.clearCalls();
});

const server = new AwsHttpDouble({
  double,
  latency: (service, operation) => (service !== 'secretsmanager' ? 0 : operation === 'ListSecrets' ? Number(args['list-latency']) : Number(args['call-latency'])),
});
await server.start(Number(args.port));
process.stdout.write(`${JSON.stringify({ port: Number(new URL(server.url).port), secrets: N })}\n`);
process.on('message', () => process.send?.(counts));
process.on('SIGTERM', () => {
  process.stderr.write(`${JSON.stringify(counts)}\n`);
  void server.stop().then(() => process.exit(0));
});
