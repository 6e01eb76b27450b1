// A local Secrets Manager for the inventory benchmark: speaks the AWS JSON 1.1 protocol
// (POST /, X-Amz-Target: secretsmanager.<Operation>) on 127.0.0.1 so the real SDK reaches it
// through AWS_ENDPOINT_URL_SECRETS_MANAGER. It holds N synthetic secrets, answers after a
// configurable latency, and throttles each operation with a token bucket at the documented
// quotas (ListSecrets 100/s, GetResourcePolicy 50/s, DescribeSecret 40,000/s), answering
// ThrottlingException like the service. Run: tsx bench/inventory/server.ts --secrets 10000
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    secrets: { type: 'string', default: '10000' },
    'list-latency': { type: 'string', default: '50' },
    'call-latency': { type: 'string', default: '15' },
    'list-rate': { type: 'string', default: '100' },
    'policy-rate': { type: 'string', default: '50' },
    'describe-rate': { type: 'string', default: '40000' },
    names: { type: 'string', default: 'skewed' },
    port: { type: 'string', default: '0' },
  },
});

const N = Number(args.secrets);
const REGION = 'eu-west-1';
const ACCOUNT = '111111111111';
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);

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

const names: string[] = Array.from({ length: N }, (_, i) => nameOf(i));
const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
const sortedNames = order.map((i) => names[i]!);
const byName = new Map(names.map((n, i) => [n, i]));
const suffix = (i: number) => hash(i, 2).toString(36).padStart(6, 'x').slice(0, 6);
const arnOf = (i: number) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${names[i]}-${suffix(i)}`;

function entry(i: number): Record<string, unknown> {
  const h = hash(i, 3);
  const name = names[i]!;
  const env = name.startsWith('prod/') ? 'prod' : name.startsWith('staging/') ? 'staging' : undefined;
  const created = NOW - (30 + (h % 700)) * DAY;
  const rotating = h % 10 < 7;
  const accessedDaysAgo = h % 200;
  return {
    ARN: arnOf(i),
    Name: name,
    KmsKeyId: h % 5 === 0 ? undefined : `arn:aws:kms:${REGION}:${ACCOUNT}:key/${env ?? 'shared'}`,
    RotationEnabled: rotating,
    RotationLambdaARN: rotating ? `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate` : undefined,
    RotationRules: rotating ? { AutomaticallyAfterDays: 30 } : undefined,
    LastRotatedDate: rotating ? NOW - ((h >>> 4) % 40) * DAY : undefined,
    NextRotationDate: rotating ? NOW + 5 * DAY : undefined,
    LastChangedDate: created + DAY,
    LastAccessedDate: accessedDaysAgo < 150 ? Math.floor((NOW - accessedDaysAgo * DAY) / DAY) * DAY : undefined,
    DeletedDate: h % 100 === 0 ? NOW + 7 * DAY : undefined,
    CreatedDate: created,
    PrimaryRegion: REGION,
    Tags: env
      ? [
          { Key: 'warden:environment', Value: env },
          { Key: 'warden:classification', Value: ['critical', 'high', 'medium', 'low'][h % 4] },
          { Key: 'warden:owner', Value: `team${(h >>> 8) % 40}` },
        ]
      : [{ Key: 'owner', Value: 'unknown' }],
    SecretVersionsToStages: { [`v-${i}`]: ['AWSCURRENT'] },
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

const buckets: Record<string, TokenBucket> = {
  ListSecrets: new TokenBucket(Number(args['list-rate'])),
  GetResourcePolicy: new TokenBucket(Number(args['policy-rate'])),
  DescribeSecret: new TokenBucket(Number(args['describe-rate'])),
};
const counts: Record<string, number> = {};

/** First index in sortedNames whose name is >= prefix. */
function lowerBound(prefix: string): number {
  let lo = 0;
  let hi = sortedNames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedNames[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class ApiError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

function resolve(secretId: unknown): number {
  if (typeof secretId !== 'string') throw new ApiError('InvalidParameterException', 'SecretId is required.');
  const name = secretId.startsWith('arn:') ? secretId.slice(secretId.indexOf(':secret:') + 8, -7) : secretId;
  const i = byName.get(name);
  if (i === undefined || (secretId.startsWith('arn:') && arnOf(i) !== secretId)) {
    throw new ApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  }
  return i;
}

/**
 * Name-ordered for every SortBy (the real default, creation date, is no help to the scanner; it
 * asks for SortBy name when it needs an order). SortOrder desc walks the prefix range backwards.
 */
function listSecrets(input: { MaxResults?: number; NextToken?: string; Filters?: { Key: string; Values: string[] }[]; IncludePlannedDeletion?: boolean; SortOrder?: string }) {
  const max = input.MaxResults ?? 100;
  if (max < 1 || max > 100) throw new ApiError('InvalidParameterException', 'MaxResults must be between 1 and 100.');
  const filter = input.Filters?.find((f) => f.Key === 'name');
  const prefix = filter?.Values[0] ?? '';
  const desc = input.SortOrder === 'desc';
  const low = prefix === '' ? 0 : lowerBound(prefix);
  // Names use ASCII below DEL, so prefix + DEL sorts after every name that starts with prefix.
  const high = prefix === '' ? sortedNames.length : lowerBound(`${prefix}\x7f`);
  let k = desc ? high - 1 : low;
  if (input.NextToken) {
    const token = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString()) as { p: string; o: number; d: boolean };
    if (token.p !== prefix || token.d !== desc) throw new ApiError('InvalidNextTokenException', 'The NextToken value is invalid.');
    k = token.o;
  }
  const list: Record<string, unknown>[] = [];
  for (; k >= low && k < high && list.length < max; k += desc ? -1 : 1) {
    const e = entry(order[k]!);
    if (e.DeletedDate !== undefined && !input.IncludePlannedDeletion) continue;
    list.push(e);
  }
  const more = k >= low && k < high;
  return { SecretList: list, NextToken: more ? Buffer.from(JSON.stringify({ p: prefix, o: k, d: desc })).toString('base64url') : undefined };
}

function getResourcePolicy(input: { SecretId?: string }) {
  const i = resolve(input.SecretId);
  const h = hash(i, 4);
  const policy =
    h % 50 === 0
      ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: h % 100 === 0 ? '*' : { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }
      : undefined;
  return { ARN: arnOf(i), Name: names[i], ResourcePolicy: policy && JSON.stringify(policy) };
}

function describeSecret(input: { SecretId?: string }) {
  const i = resolve(input.SecretId);
  const { SecretVersionsToStages, ...rest } = entry(i);
  return { ...rest, VersionIdsToStages: SecretVersionsToStages, ReplicationStatus: hash(i, 5) % 20 === 0 ? [{ Region: 'eu-central-1', Status: 'InSync' }] : undefined };
}

const OPERATIONS: Record<string, (input: never) => unknown> = { ListSecrets: listSecrets, GetResourcePolicy: getResourcePolicy, DescribeSecret: describeSecret };

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': 'bench',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
  const latency = operation === 'ListSecrets' ? Number(args['list-latency']) : Number(args['call-latency']);
  await new Promise((r) => setTimeout(r, latency));
  counts[operation] = (counts[operation] ?? 0) + 1;
  try {
    const fn = OPERATIONS[operation];
    if (!fn) throw new ApiError('UnknownOperationException', `${operation} is not served by the bench server`);
    if (buckets[operation] && !buckets[operation]!.take()) {
      counts[`${operation}:throttled`] = (counts[`${operation}:throttled`] ?? 0) + 1;
      throw new ApiError('ThrottlingException', 'Rate exceeded');
    }
    reply(res, 200, fn(JSON.parse(Buffer.concat(chunks).toString() || '{}') as never));
  } catch (error) {
    const e = error instanceof ApiError ? error : new ApiError('InternalServiceError', String(error), 500);
    reply(res, e.status, { __type: e.type, message: e.message }, e.type);
  }
}

const server = createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 60_000;
server.listen(Number(args.port), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, secrets: N })}\n`);
});
process.on('message', () => process.send?.(counts));
process.on('SIGTERM', () => {
  process.stderr.write(`${JSON.stringify(counts)}\n`);
  server.close(() => process.exit(0));
});
