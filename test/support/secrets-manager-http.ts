// The stateful Secrets Manager double over HTTP: a loopback server speaking the AWS wire
// protocols in front of the in-process doubles, so the contract is implemented once
// (test/support/secrets-manager-double.ts) and a subprocess (the `warden` CLI, a benchmark, the
// AWS CLI) reaches it with `AWS_ENDPOINT_URL=<url>`. Routed by protocol:
// - Secrets Manager, AWS JSON 1.1: POST /, `X-Amz-Target: secretsmanager.<Operation>`, errors as
//   `{"__type": "<Code>", "message": ...}` with the x-amzn-errortype header.
// - STS GetCallerIdentity, AWS Query: form body `Action=GetCallerIdentity`, XML reply.
// - CloudTrail LookupEvents (JSON 1.1, `CloudTrail_20131101.LookupEvents`): the CloudTrailDouble.
// - CloudWatch Logs FilterLogEvents (JSON 1.1, `Logs_20140328.FilterLogEvents`): events appended
//   by the test (`appendLog`), filtered with the CloudWatch filter pattern evaluator.
// - Lambda Invoke (REST JSON, POST /2015-03-31/functions/<name>/invocations): the test's handler;
//   GetFunction, GetFunctionConfiguration (`functions`), ListFunctions (the inventory's LambdaDouble).
// - SSM DescribeParameters/GetParameters (JSON 1.1, `AmazonSSM.*`): the inventory's SsmDouble.
// - The compliance report's audit configuration: CloudTrail DescribeTrails/GetTrailStatus/
//   GetEventSelectors (the CloudTrailDouble), Logs DescribeMetricFilters, CloudWatch DescribeAlarms
//   (JSON 1.0, `GraniteServiceVersion20100801.*`) and SNS ListSubscriptionsByTopic (AWS Query, XML):
//   the compliance doubles behind their mocked clients.
// - CloudFormation DescribeStacks (AWS Query, XML): `stacks`, as `warden doctor` reads them.
// - S3 GetObject and ListObjectsV2 only (REST XML, path-style `GET /<bucket>/<key>`,
//   `GET /<bucket>?list-type=2`): objects put by the test (`putObject`), as `warden status` reads
//   the latest reports. Any other S3 request is answered with an error. Every S3 request is
//   recorded as service `s3`, so a test can assert none was made (the CLI's local runs write files).
// Query-protocol services are told apart by the service in the SigV4 credential scope.
// Callers are told apart by the access key id in the SigV4 Authorization header (the signature is
// not checked): `callers` gives a key another account, expired credentials, or denied actions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { CloudTrailDouble, CloudWatchDouble, CloudWatchLogsDouble, SnsDouble } from './compliance-doubles';
import { LambdaDouble, SsmDouble } from './inventory-doubles';
import { matchesFilterPattern } from './log-filter-pattern';
import { SECRETS_MANAGER_OPERATIONS, SecretsManagerDouble, type SecretsManagerOperation } from './secrets-manager-double';

/** How the server treats one access key id. */
export interface CallerRule {
  /** The account GetCallerIdentity reports (default: the server's). */
  readonly account?: string;
  /** Every request fails as with an expired session token. */
  readonly expired?: boolean;
  /** IAM actions refused with AccessDenied, e.g. `secretsmanager:GetSecretValue`; `*` for all. */
  readonly denied?: readonly string[];
}

export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName?: string;
}

/** A Lambda invocation: the parsed payload; return the response payload or throw for a function error. */
export type InvokeHandler = (functionName: string, payload: unknown) => Promise<unknown>;

export interface AwsHttpDoubleOptions {
  readonly double?: SecretsManagerDouble;
  readonly account?: string;
  readonly region?: string;
  readonly callers?: Readonly<Record<string, CallerRule>>;
  /** Milliseconds to wait before answering (benchmarks model the service's latency). */
  readonly latency?: (service: string, operation: string) => number;
  /** Service clock for CloudTrail's 90-day reach and quota. */
  readonly now?: () => number;
}

/** A deployed stack as DescribeStacks reports it. */
export interface StackSeed {
  readonly status: string;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly statusReason?: string;
}

interface StoredObject {
  readonly body: Buffer;
  readonly lastModified: Date;
  readonly contentType: string;
}

export interface RequestRecord {
  readonly service: string;
  readonly operation: string;
  readonly accessKeyId?: string;
  outcome: string;
}

class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const JSON_TARGETS: Record<string, string> = {
  secretsmanager: 'secretsmanager',
  CloudTrail_20131101: 'cloudtrail',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  Logs_20140328: 'logs',
  GraniteServiceVersion20100801: 'cloudwatch',
  AmazonSSM: 'ssm',
};

/** Query-protocol services by their credential-scope name, with their XML namespace. */
const QUERY_NAMESPACES: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
};

/** JSON 1.1 timestamps are epoch seconds; blobs are base64. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (key !== '$metadata' && v !== undefined) out[key] = toWire(v);
    return out;
  }
  return value;
}

/** Secrets Manager inputs: SecretBinary arrives base64; everything else is plain JSON. */
function fromWire(input: Record<string, unknown>): Record<string, unknown> {
  if (typeof input.SecretBinary === 'string') return { ...input, SecretBinary: new Uint8Array(Buffer.from(input.SecretBinary, 'base64')) };
  return input;
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** AWS Query output: lists as `<member>` elements, timestamps as ISO 8601. */
function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key, v]) => key !== '$metadata' && v !== undefined)
      .map(([key, v]) => `<${key}>${toXml(v)}</${key}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

export class AwsHttpDouble {
  readonly double: SecretsManagerDouble;
  readonly trail: CloudTrailDouble;
  readonly account: string;
  readonly region: string;
  readonly requests: RequestRecord[] = [];
  /** Log group -> events (FilterLogEvents reads them). */
  readonly logs = new Map<string, LogEvent[]>();
  invoke?: InvokeHandler;
  /** Lambda functions GetFunction(Configuration) knows: name -> the log group they write to (LoggingConfig.LogGroup), their environment. */
  readonly functions = new Map<string, { logGroup?: string; environment?: Readonly<Record<string, string>> }>();
  /** ListFunctions (the inventory's plaintext scan). */
  readonly lambda: LambdaDouble;
  readonly ssm: SsmDouble;
  readonly cloudWatchLogs = new CloudWatchLogsDouble();
  readonly cloudWatch = new CloudWatchDouble();
  readonly sns = new SnsDouble();
  /** Stacks by name (DescribeStacks). */
  readonly stacks = new Map<string, StackSeed>();
  /** Bucket -> key -> object (S3 GetObject, ListObjectsV2). */
  readonly buckets = new Map<string, Map<string, StoredObject>>();
  private readonly callers: Record<string, CallerRule>;
  private server?: Server;
  private address = '';

  constructor(private readonly options: AwsHttpDoubleOptions = {}) {
    this.account = options.account ?? options.double?.account ?? '111111111111';
    this.region = options.region ?? options.double?.region ?? 'eu-west-1';
    this.double = options.double ?? new SecretsManagerDouble({ account: this.account, region: this.region });
    this.trail = new CloudTrailDouble({ now: options.now ?? (() => Date.now()) });
    this.lambda = new LambdaDouble(this.region, this.account);
    this.ssm = new SsmDouble(this.region, this.account);
    this.callers = { ...options.callers };
  }

  /** Starts listening on 127.0.0.1 (an ephemeral port unless given). */
  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  get url(): string {
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setCaller(accessKeyId: string, rule: CallerRule): void {
    this.callers[accessKeyId] = rule;
  }

  /** Creates the bucket if needed and stores the object, as PutObject would. */
  putObject(bucket: string, key: string, body: string | Buffer, contentType = 'application/octet-stream', lastModified = new Date()): void {
    const objects = this.buckets.get(bucket) ?? new Map<string, StoredObject>();
    objects.set(key, { body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), lastModified, contentType });
    this.buckets.set(bucket, objects);
  }

  appendLog(group: string, event: LogEvent): void {
    const events = this.logs.get(group) ?? [];
    events.push(event);
    this.logs.set(group, events);
  }

  /**
   * Environment for a subprocess talking to this server with the given access key: endpoint,
   * static credentials, region, and no shared config or instance metadata to fall back on.
   */
  env(accessKeyId = 'AKIAWARDENTEST000001'): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.address,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      AWS_REGION: this.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const accessKeyId = /Credential=([^/,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
    const target = String(req.headers['x-amz-target'] ?? '');
    const path = (req.url ?? '').split('?')[0]!;
    const lambda = /^\/2015-03-31\/functions\/?([^/]*)(?:\/(invocations|configuration))?\/?$/.exec(path);
    const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''))?.[1];
    let service: string;
    let operation: string;
    let style: 'json' | 'query' | 'rest' | 's3' | 'unserved';
    const url = new URL(req.url ?? '/', 'http://double');
    if (target) {
      const dot = target.lastIndexOf('.');
      service = JSON_TARGETS[target.slice(0, dot)] ?? target.slice(0, dot);
      operation = target.slice(dot + 1);
      style = 'json';
    } else if (lambda && scope !== 's3') {
      service = 'lambda';
      const name = lambda[1] ?? '';
      operation = lambda[2] === 'invocations' ? 'Invoke' : lambda[2] === 'configuration' ? 'GetFunctionConfiguration' : name === '' ? 'ListFunctions' : 'GetFunction';
      style = 'rest';
    } else if (scope === 's3' && (req.method === 'GET' || req.method === 'HEAD')) {
      service = 's3';
      operation = url.pathname.split('/').filter(Boolean).length > 1 ? 'GetObject' : url.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : `${req.method} ${path}`;
      style = 's3';
    } else if (scope === undefined || scope in QUERY_NAMESPACES) {
      service = scope ?? 'sts';
      operation = new URLSearchParams(body).get('Action') ?? '';
      style = 'query';
    } else {
      service = scope;
      operation = `${req.method ?? 'GET'} ${path}`;
      style = 'unserved';
    }
    const record: RequestRecord = { service, operation, accessKeyId, outcome: 'ok' };
    this.requests.push(record);
    const latency = this.options.latency?.(service, operation) ?? 0;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    try {
      if (style === 'unserved') throw new WireError('NotImplemented', `${service} is not served by the double (${operation})`, 501);
      this.authorize(service, operation, accessKeyId);
      if (style === 's3') return this.s3(res, operation, url);
      if (style === 'query') return this.replyXml(res, 200, await this.query(service, operation, new URLSearchParams(body), accessKeyId));
      if (style === 'rest' && operation === 'GetFunctionConfiguration') return this.replyJson(res, 200, this.functionConfiguration(decodeURIComponent(lambda![1]!)));
      if (style === 'rest' && operation === 'GetFunction') return this.replyJson(res, 200, { Configuration: this.functionConfiguration(decodeURIComponent(lambda![1]!)) });
      if (style === 'rest' && operation === 'ListFunctions') {
        const query = new URL(req.url ?? '/', 'http://double').searchParams;
        const maxItems = query.get('MaxItems');
        return this.replyJson(res, 200, this.lambda.listFunctions({ Marker: query.get('Marker') ?? undefined, MaxItems: maxItems === null ? undefined : Number(maxItems) }));
      }
      if (style === 'rest') return await this.lambdaInvoke(res, decodeURIComponent(lambda![1]!), body);
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      const output = await this.json(service, operation, input);
      this.replyJson(res, 200, toWire(output));
    } catch (error) {
      const e = this.wireError(error);
      record.outcome = e.code;
      if (style === 's3') {
        this.replyXml(res, e.status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`);
      } else if (style === 'query' || style === 'unserved') {
        const type = e.status >= 500 ? 'Receiver' : 'Sender';
        this.replyXml(res, e.status, `<ErrorResponse xmlns="${QUERY_NAMESPACES[service] ?? QUERY_NAMESPACES.sts}"><Error><Type>${type}</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
      } else {
        this.replyJson(res, e.status, { __type: e.code, message: e.message }, e.code);
      }
    }
  }

  private wireError(error: unknown): WireError {
    if (error instanceof WireError) return error;
    if (error instanceof Error && '$metadata' in error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 400;
      const fault = (error as { $fault?: string }).$fault;
      return new WireError(error.name, error.message, fault === 'server' ? Math.max(status, 500) : status || 400);
    }
    return new WireError('InternalServiceError', error instanceof Error ? error.message : String(error), 500);
  }

  /** Expired keys and denied actions, as AWS answers them (before the operation runs). */
  private authorize(service: string, operation: string, accessKeyId: string | undefined): void {
    const rule = accessKeyId ? this.callers[accessKeyId] : undefined;
    if (!rule) return;
    if (rule.expired) {
      throw new WireError(service === 'sts' || service === 's3' || service === 'cloudformation' ? 'ExpiredToken' : 'ExpiredTokenException', 'The security token included in the request is expired');
    }
    const action = `${service === 'logs' ? 'logs' : service}:${operation === 'Invoke' ? 'InvokeFunction' : operation}`;
    if (rule.denied?.includes(action) || rule.denied?.includes('*')) {
      const arn = `arn:aws:iam::${rule.account ?? this.account}:user/operator`;
      throw new WireError(
        service === 'sts' || service === 's3' || service === 'cloudformation' ? 'AccessDenied' : service === 'sns' ? 'AuthorizationError' : 'AccessDeniedException',
        `User: ${arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      );
    }
  }

  private async query(service: string, operation: string, params: URLSearchParams, accessKeyId: string | undefined): Promise<string> {
    const respond = (result: unknown) =>
      `<${operation}Response xmlns="${QUERY_NAMESPACES[service]}"><${operation}Result>${toXml(result)}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`;
    if (service === 'sts' && operation === 'GetCallerIdentity') {
      const account = (accessKeyId && this.callers[accessKeyId]?.account) ?? this.account;
      return respond({ Arn: `arn:aws:iam::${account}:user/operator`, UserId: 'AIDAWARDENTEST', Account: account });
    }
    if (service === 'sns' && operation === 'ListSubscriptionsByTopic') {
      return respond(await this.sns.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: params.get('TopicArn') ?? '', NextToken: params.get('NextToken') ?? undefined })));
    }
    if (service === 'cloudformation' && operation === 'DescribeStacks') return respond(this.describeStacks(params.get('StackName') ?? undefined));
    const version = service === 'sts' ? '2011-06-15' : service === 'sns' ? '2010-03-31' : '2010-05-15';
    throw new WireError('InvalidAction', `Could not find operation ${operation} for version ${version}`);
  }

  /** S3, path-style: GetObject and ListObjectsV2 (prefix, max-keys, continuation-token); anything else is not served. */
  private s3(res: ServerResponse, operation: string, url: URL): void {
    if (operation !== 'GetObject' && operation !== 'ListObjectsV2') throw new WireError('NotImplemented', `s3 is not served by the double (${operation})`, 501);
    const [bucketName, ...keyParts] = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    const objects = this.buckets.get(bucketName ?? '');
    if (!objects) throw new WireError('NoSuchBucket', 'The specified bucket does not exist', 404);
    if (operation === 'GetObject') {
      const object = objects.get(keyParts.join('/'));
      if (!object) throw new WireError('NoSuchKey', 'The specified key does not exist.', 404);
      res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length, 'last-modified': object.lastModified.toUTCString(), etag: `"${object.body.length}"`, 'x-amz-request-id': randomUUID() });
      res.end(object.body);
      return;
    }
    const prefix = url.searchParams.get('prefix') ?? '';
    const maxKeys = Math.min(Number(url.searchParams.get('max-keys') ?? 1000), 1000);
    const offset = Number(url.searchParams.get('continuation-token') ?? 0);
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const page = keys.slice(offset, offset + maxKeys);
    const truncated = offset + maxKeys < keys.length;
    const contents = page
      .map((key) => {
        const o = objects.get(key)!;
        return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"${o.body.length}"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    this.replyXml(
      res,
      200,
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName!)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
        `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}` +
        `${truncated ? `<NextContinuationToken>${offset + maxKeys}</NextContinuationToken>` : ''}</ListBucketResult>`,
    );
  }

  /** DescribeStacks by name: a stack that does not exist is a ValidationError, as CloudFormation answers. */
  private describeStacks(name: string | undefined): unknown {
    const names = name === undefined ? [...this.stacks.keys()] : [name];
    return {
      Stacks: names.map((stackName) => {
        const stack = this.stacks.get(stackName);
        if (!stack) throw new WireError('ValidationError', `Stack with id ${stackName} does not exist`);
        return {
          StackName: stackName,
          StackId: `arn:aws:cloudformation:${this.region}:${this.account}:stack/${stackName}/${randomUUID()}`,
          CreationTime: new Date('2026-11-01T00:00:00Z'),
          StackStatus: stack.status,
          ...(stack.statusReason ? { StackStatusReason: stack.statusReason } : {}),
          Outputs: Object.entries(stack.outputs ?? {}).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
          Tags: Object.entries(stack.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        };
      }),
    };
  }

  private async json(service: string, operation: string, input: Record<string, unknown>): Promise<unknown> {
    if (service === 'secretsmanager') {
      if (!(SECRETS_MANAGER_OPERATIONS as readonly string[]).includes(operation)) {
        throw new WireError('UnknownOperationException', `${operation} is not served by the Secrets Manager double`);
      }
      return this.double.handle(operation as SecretsManagerOperation, fromWire(input));
    }
    if (service === 'cloudtrail' && operation === 'LookupEvents') {
      return this.trail.lookup({
        ...input,
        StartTime: typeof input.StartTime === 'number' ? new Date(input.StartTime * 1000) : undefined,
        EndTime: typeof input.EndTime === 'number' ? new Date(input.EndTime * 1000) : undefined,
      });
    }
    if (service === 'cloudtrail' && operation === 'DescribeTrails') return this.trail.client.send(new DescribeTrailsCommand(input));
    if (service === 'cloudtrail' && operation === 'GetTrailStatus') return this.trail.client.send(new GetTrailStatusCommand(input as { Name: string }));
    if (service === 'cloudtrail' && operation === 'GetEventSelectors') return this.trail.client.send(new GetEventSelectorsCommand(input as { TrailName: string }));
    if (service === 'logs' && operation === 'FilterLogEvents') return this.filterLogEvents(input);
    if (service === 'logs' && operation === 'DescribeMetricFilters') return this.cloudWatchLogs.client.send(new DescribeMetricFiltersCommand(input));
    if (service === 'cloudwatch' && operation === 'DescribeAlarms') return this.cloudWatch.client.send(new DescribeAlarmsCommand(input));
    if (service === 'ssm' && operation === 'DescribeParameters') return this.ssm.describeParameters(input);
    if (service === 'ssm' && operation === 'GetParameters') return this.ssm.getParameters(input as { Names: string[] });
    throw new WireError('UnknownOperationException', `${service}:${operation} is not served by the double`);
  }

  /** FilterLogEvents: events of the group in time order, filterPattern applied, 1-10,000 per page. */
  private filterLogEvents(input: Record<string, unknown>): unknown {
    const group = String(input.logGroupName ?? '');
    const events = this.logs.get(group);
    if (!events) throw new WireError('ResourceNotFoundException', 'The specified log group does not exist.');
    const limit = Math.min(Number(input.limit ?? 10_000), 10_000);
    const start = Number(input.startTime ?? 0);
    const end = Number(input.endTime ?? Number.MAX_SAFE_INTEGER);
    const pattern = typeof input.filterPattern === 'string' && input.filterPattern.trim() !== '' ? input.filterPattern : undefined;
    const matching = events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => event.timestamp >= start && event.timestamp <= end)
      .filter(({ event }) => pattern === undefined || matchesPattern(pattern, event.message))
      .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index);
    const offset = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
    const page = matching.slice(offset, offset + limit);
    return {
      events: page.map(({ event, index }) => ({ logStreamName: event.logStreamName ?? 'stream', timestamp: event.timestamp, ingestionTime: event.timestamp, message: event.message, eventId: String(index) })),
      nextToken: offset + limit < matching.length ? String(offset + limit) : undefined,
    };
  }

  /** GetFunctionConfiguration by name or ARN: the name, ARN, logging configuration and environment. */
  private functionConfiguration(nameOrArn: string): unknown {
    const name = nameOrArn.startsWith('arn:') ? nameOrArn.split(':')[6] ?? nameOrArn : nameOrArn;
    const listed = this.lambda.functions.find((f) => f.FunctionName === name);
    const fn = this.functions.get(name) ?? (listed ? { environment: listed.Environment?.Variables } : undefined);
    if (!fn) throw new WireError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${this.region}:${this.account}:function:${name}`, 404);
    return {
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:${this.region}:${this.account}:function:${name}`,
      Runtime: 'nodejs24.x',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: fn.logGroup ?? `/aws/lambda/${name}` },
      ...(fn.environment ? { Environment: { Variables: fn.environment } } : {}),
    };
  }

  private async lambdaInvoke(res: ServerResponse, functionName: string, body: string): Promise<void> {
    if (!this.invoke) throw new WireError('ResourceNotFoundException', `Function not found: ${functionName}`, 404);
    let payload: unknown;
    try {
      payload = await this.invoke(functionName, body === '' ? {} : JSON.parse(body));
    } catch (error) {
      // A function error: 200 with X-Amz-Function-Error and the error as the payload, as Lambda does.
      const text = JSON.stringify({ errorType: error instanceof Error ? error.name : 'Error', errorMessage: error instanceof Error ? error.message : String(error) });
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const text = JSON.stringify(payload ?? null);
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private replyJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(text);
  }

  private replyXml(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
    res.end(text);
  }
}

/** A quoted or bare term matches as a substring; `{ ... }` JSON patterns go to the evaluator. */
function matchesPattern(pattern: string, message: string): boolean {
  const trimmed = pattern.trim();
  if (trimmed.startsWith('{')) {
    try {
      return matchesFilterPattern(trimmed, JSON.parse(message) as object);
    } catch {
      return false;
    }
  }
  return message.includes(trimmed.replace(/^"(.*)"$/, '$1'));
}

/** Starts a server (tests: one per file, stopped in afterAll). */
export async function startAwsHttpDouble(options: AwsHttpDoubleOptions = {}): Promise<AwsHttpDouble> {
  return new AwsHttpDouble(options).start();
}
