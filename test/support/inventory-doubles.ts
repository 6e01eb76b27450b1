// Stateful doubles for the services the inventory touches besides Secrets Manager, installed
// behind aws-sdk-client-mock so the real adapters run. Each follows the documented contract:
// - Lambda ListFunctions: MaxItems 1-50, Marker/NextMarker paging, Environment.Variables.
// - SSM DescribeParameters: MaxResults 1-50, NextToken, ParameterFilters (Type Equals);
//   GetParameters: 1-10 names, unknown names in InvalidParameters.
// - S3 PutObject/GetObject: versioned bucket, NoSuchKey/NoSuchBucket, streamed bodies.
// - CloudWatch PutMetricData: at most 1000 metrics and 30 dimensions each, no AWS/ namespace,
//   finite values, 1 MB body.
// - SNS Publish: known topic, message at most 256 KiB, subject at most 100 printable ASCII characters.
import { CloudWatchClient, InvalidParameterValueException, PutMetricDataCommand, type MetricDatum, type PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { InvalidParameterValueException as LambdaInvalidParameter, LambdaClient, ListFunctionsCommand, type ListFunctionsCommandInput } from '@aws-sdk/client-lambda';
import { GetObjectCommand, NoSuchBucket, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { InvalidParameterException, NotFoundException, PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import {
  DescribeParametersCommand,
  GetParametersCommand,
  InvalidNextToken,
  SSMClient,
  type DescribeParametersCommandInput,
  type GetParametersCommandInput,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'double', attempts: 1, totalRetryDelay: 0 });
const token = (offset: number): string => Buffer.from(String(offset)).toString('base64url');
const offsetOf = (value: string | undefined, onInvalid: () => Error): number => {
  if (value === undefined) return 0;
  const n = Number(Buffer.from(value, 'base64url').toString());
  if (!Number.isInteger(n) || n < 0) throw onInvalid();
  return n;
};

export interface FunctionSeed {
  readonly name: string;
  readonly variables?: Record<string, string>;
}

export class LambdaDouble {
  readonly functions: { FunctionName: string; FunctionArn: string; Environment?: { Variables: Record<string, string> } }[] = [];
  calls = 0;
  constructor(readonly region = 'eu-west-1', readonly account = '111111111111') {}

  seed(seed: FunctionSeed): string {
    const arn = `arn:aws:lambda:${this.region}:${this.account}:function:${seed.name}`;
    this.functions.push({ FunctionName: seed.name, FunctionArn: arn, Environment: seed.variables ? { Variables: { ...seed.variables } } : undefined });
    return arn;
  }

  listFunctions(input: ListFunctionsCommandInput) {
    this.calls += 1;
    const max = input.MaxItems ?? 50;
    if (!Number.isInteger(max) || max < 1 || max > 50) throw new LambdaInvalidParameter({ message: 'MaxItems must be between 1 and 50', $metadata: meta(400) });
    const start = offsetOf(input.Marker, () => new LambdaInvalidParameter({ message: 'Invalid Marker', $metadata: meta(400) }));
    const page = this.functions.slice(start, start + max);
    return { Functions: structuredClone(page), NextMarker: start + max < this.functions.length ? token(start + max) : undefined };
  }
}

export class SsmDouble {
  readonly parameters: { Name: string; Type: 'String' | 'StringList' | 'SecureString'; Value: string; ARN: string }[] = [];
  describeCalls = 0;
  getCalls = 0;
  constructor(readonly region = 'eu-west-1', readonly account = '111111111111') {}

  seed(name: string, value: string, type: 'String' | 'StringList' | 'SecureString' = 'String'): string {
    const arn = `arn:aws:ssm:${this.region}:${this.account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
    this.parameters.push({ Name: name, Type: type, Value: value, ARN: arn });
    return arn;
  }

  describeParameters(input: DescribeParametersCommandInput) {
    this.describeCalls += 1;
    const max = input.MaxResults ?? 50;
    if (!Number.isInteger(max) || max < 1 || max > 50) throw new Error('ValidationException: MaxResults must be between 1 and 50');
    let matching = this.parameters;
    for (const f of input.ParameterFilters ?? []) {
      if (f.Key !== 'Type' || (f.Option ?? 'Equals') !== 'Equals') throw new Error(`double: filter ${f.Key}/${f.Option} not modelled`);
      matching = matching.filter((p) => (f.Values ?? []).includes(p.Type));
    }
    const start = offsetOf(input.NextToken, () => new InvalidNextToken({ message: 'The specified token is not valid', $metadata: meta(400) }));
    const page = matching.slice(start, start + max).map((p) => ({ Name: p.Name, Type: p.Type, ARN: p.ARN }));
    return { Parameters: page, NextToken: start + max < matching.length ? token(start + max) : undefined };
  }

  getParameters(input: GetParametersCommandInput) {
    this.getCalls += 1;
    const names = input.Names ?? [];
    if (names.length < 1 || names.length > 10) {
      const error = new Error('1 validation error detected: Value at \'names\' failed to satisfy constraint: Member must have length less than or equal to 10');
      error.name = 'ValidationException';
      throw error;
    }
    const found = names.map((n) => this.parameters.find((p) => p.Name === n));
    return {
      // SecureString comes back encrypted unless WithDecryption is set.
      Parameters: found.filter((p) => p !== undefined).map((p) => ({ ...p, Value: p.Type === 'SecureString' && !input.WithDecryption ? 'AQICAHh-ciphertext' : p.Value })),
      InvalidParameters: names.filter((_, i) => found[i] === undefined),
    };
  }
}

export class S3Double {
  /** Key -> versions, newest last. */
  readonly objects = new Map<string, { body: Buffer; contentType?: string; versionId: string }[]>();
  puts: string[] = [];
  /**
   * Whether the caller holds s3:ListBucket. Without it S3 answers GetObject on a missing key with
   * 403 AccessDenied, not 404 NoSuchKey (GetObject API reference, "Permissions"); the inventory's
   * role has GetObject on two keys only, so that is the default here.
   */
  listBucketGranted = false;
  constructor(readonly bucket: string) {}

  async putObject(input: PutObjectCommandInput) {
    if (input.Bucket !== this.bucket) throw new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: meta(404) });
    const body = await toBuffer(input.Body);
    if (input.ContentLength !== undefined && input.ContentLength !== body.length) throw new Error(`double: ContentLength ${input.ContentLength} but body has ${body.length} bytes`);
    const versions = this.objects.get(input.Key!) ?? [];
    const versionId = `v${versions.length + 1}`;
    versions.push({ body, contentType: input.ContentType, versionId });
    this.objects.set(input.Key!, versions);
    this.puts.push(input.Key!);
    return { VersionId: versionId, ETag: '"double"' };
  }

  getObject(input: { Bucket?: string; Key?: string }) {
    if (input.Bucket !== this.bucket) throw new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: meta(404) });
    const latest = this.objects.get(input.Key!)?.at(-1);
    if (!latest && !this.listBucketGranted) throw Object.assign(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: meta(403) }), { Code: 'AccessDenied' });
    if (!latest) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: meta(404) });
    const stream = Readable.from([latest.body]) as Readable & { transformToString: (enc?: string) => Promise<string> };
    stream.transformToString = async () => latest.body.toString('utf8');
    return { Body: stream, ContentType: latest.contentType, VersionId: latest.versionId };
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.at(-1)?.body.toString('utf8');
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }
}

async function toBuffer(body: unknown): Promise<Buffer> {
  if (body == null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new Error(`double: unsupported Body ${typeof body}`);
}

export class CloudWatchDouble {
  readonly requests: PutMetricDataCommandInput[] = [];

  putMetricData(input: PutMetricDataCommandInput) {
    const invalid = (message: string) => new InvalidParameterValueException({ message, $metadata: meta(400) });
    const data = input.MetricData ?? [];
    if (!input.Namespace || input.Namespace.startsWith('AWS/')) throw invalid('The value AWS/ for parameter Namespace is invalid.');
    if (data.length < 1 || data.length > 1000) throw invalid(`The collection MetricData must not have a size greater than 1000 (got ${data.length}).`);
    if (JSON.stringify(input).length > 1_000_000) throw invalid('Request size exceeds 1 MB.');
    for (const d of data) {
      if ((d.Dimensions ?? []).length > 30) throw invalid('The collection Dimensions must not have a size greater than 30.');
      if (d.Value !== undefined && !Number.isFinite(d.Value)) throw invalid('The value for parameter MetricData.member.Value is invalid.');
    }
    this.requests.push(structuredClone(input));
    return {};
  }

  /** Every datum sent, flattened. */
  data(): MetricDatum[] {
    return this.requests.flatMap((r) => r.MetricData ?? []);
  }
}

export class SnsDouble {
  readonly topics = new Set<string>();
  readonly published: { TopicArn: string; Subject?: string; Message: string }[] = [];

  publish(input: PublishCommandInput) {
    if (!input.TopicArn || !this.topics.has(input.TopicArn)) throw new NotFoundException({ message: 'Topic does not exist', $metadata: meta(404) });
    if (!input.Message || Buffer.byteLength(input.Message, 'utf8') > 262_144) throw new InvalidParameterException({ message: 'Invalid parameter: Message too long', $metadata: meta(400) });
    if (input.Subject !== undefined && (input.Subject.length > 100 || !/^[\x20-\x7e]+$/.test(input.Subject))) {
      throw new InvalidParameterException({ message: 'Invalid parameter: Subject', $metadata: meta(400) });
    }
    this.published.push({ TopicArn: input.TopicArn, Subject: input.Subject, Message: input.Message });
    return { MessageId: `m-${this.published.length}` };
  }
}

export interface InventoryDoubles {
  readonly lambda: LambdaDouble;
  readonly ssm: SsmDouble;
  readonly s3: S3Double;
  readonly cloudwatch: CloudWatchDouble;
  readonly sns: SnsDouble;
  readonly clients: { lambda: LambdaClient; ssm: SSMClient; s3: S3Client; cloudwatch: CloudWatchClient; sns: SNSClient };
  restore(): void;
}

export function installInventoryDoubles(options: { bucket?: string; topicArn?: string; region?: string; account?: string } = {}): InventoryDoubles {
  const region = options.region ?? 'eu-west-1';
  const account = options.account ?? '111111111111';
  const lambda = new LambdaDouble(region, account);
  const ssm = new SsmDouble(region, account);
  const s3 = new S3Double(options.bucket ?? 'reports-bucket');
  const cloudwatch = new CloudWatchDouble();
  const sns = new SnsDouble();
  sns.topics.add(options.topicArn ?? `arn:aws:sns:${region}:${account}:alerts`);

  const lambdaMock = mockClient(LambdaClient);
  lambdaMock.on(ListFunctionsCommand).callsFake((input: ListFunctionsCommandInput) => lambda.listFunctions(input));
  const ssmMock = mockClient(SSMClient);
  ssmMock.on(DescribeParametersCommand).callsFake((input: DescribeParametersCommandInput) => ssm.describeParameters(input));
  ssmMock.on(GetParametersCommand).callsFake((input: GetParametersCommandInput) => ssm.getParameters(input));
  const s3Mock = mockClient(S3Client);
  s3Mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => s3.putObject(input));
  s3Mock.on(GetObjectCommand).callsFake((input: { Bucket?: string; Key?: string }) => s3.getObject(input));
  const cwMock = mockClient(CloudWatchClient);
  cwMock.on(PutMetricDataCommand).callsFake((input: PutMetricDataCommandInput) => cloudwatch.putMetricData(input));
  const snsMock = mockClient(SNSClient);
  snsMock.on(PublishCommand).callsFake((input: PublishCommandInput) => sns.publish(input));

  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  return {
    lambda, ssm, s3, cloudwatch, sns,
    clients: {
      lambda: new LambdaClient({ region, credentials }),
      ssm: new SSMClient({ region, credentials }),
      s3: new S3Client({ region, credentials }),
      cloudwatch: new CloudWatchClient({ region, credentials }),
      sns: new SNSClient({ region, credentials }),
    },
    restore() {
      for (const m of [lambdaMock, ssmMock, s3Mock, cwMock, snsMock]) m.restore();
    },
  };
}
