// Stateful doubles for the APIs the compliance report reads and writes, installed behind
// aws-sdk-client-mock so the real adapters (commands, inputs, outputs, error classes) run in tests.
// They follow the documented contracts, not canned replies:
// - CloudTrail LookupEvents: newest first, at most 50 per page (MaxResults), opaque NextToken that
//   must come back with the same query, one lookup attribute, the 90-day reach, and the quota of
//   2 requests per second per account and region enforced against an injected clock
//   (ThrottlingException when a third request lands within one second).
// - DescribeTrails / GetTrailStatus / GetEventSelectors (TrailNotFoundException for unknown trails).
// - CloudWatch Logs DescribeMetricFilters (limit 50, nextToken, ResourceNotFoundException).
// - CloudWatch DescribeAlarms (MaxRecords up to 100, NextToken).
// - SNS ListSubscriptionsByTopic (100 per page, NextToken, NotFoundException) and Publish.
// - S3 GetObject (NoSuchKey) and PutObject, objects kept with their content type.
// Not modelled: SDK retries (the mock replaces the middleware stack), IAM, encryption.

import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  InvalidNextTokenException,
  InvalidParameterException,
  LookupEventsCommand,
  ThrottlingException,
  TrailNotFoundException,
  type Event,
  type GetEventSelectorsCommandOutput,
  type LookupEventsCommandInput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, InvalidNextToken, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand, ResourceNotFoundException, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, NotFoundException, PublishCommand, SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** A clock whose sleep() moves time forward at once: pacing is asserted without real waiting. */
export interface FakePacing {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** Every sleep requested, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function fakePacing(start = Date.parse('2026-11-21T06:00:00Z'), random = 0.5): FakePacing {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
    random: () => random,
    sleeps,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** Token that encodes the offset and the query it belongs to; anything else is InvalidNextTokenException. */
function encodeToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ offset, query }), 'utf8').toString('base64url');
}
function decodeToken(token: string | undefined, query: string, invalid: () => Error): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: number; query: string };
    if (parsed.query !== query || !Number.isInteger(parsed.offset)) throw new Error('other query');
    return parsed.offset;
  } catch {
    throw invalid();
  }
}

export interface TrailEventInput {
  readonly eventName: string;
  readonly time: Date;
  /** The role behind an assumed-role session (catalog readers are roles). */
  readonly roleArn?: string;
  readonly userIdentity?: Record<string, unknown>;
  readonly secretId?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly eventSource?: string;
  /** Extra fields merged into the record (requestParameters, responseElements, …). */
  readonly extra?: Record<string, unknown>;
}

/** A CloudTrail record as Secrets Manager writes it (userIdentity, requestParameters.secretId, errorCode…). */
export function trailRecord(input: TrailEventInput): Record<string, unknown> {
  const role = input.roleArn ?? 'arn:aws:iam::111111111111:role/app-reader';
  const roleName = role.split('/').slice(-1)[0];
  const userIdentity = input.userIdentity ?? {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE:${roleName}-session`,
    arn: role.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/session-1',
    accountId: role.split(':')[4],
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: role, accountId: role.split(':')[4], userName: roleName } },
  };
  return {
    eventVersion: '1.08',
    userIdentity,
    eventTime: input.time.toISOString(),
    eventSource: input.eventSource ?? 'secretsmanager.amazonaws.com',
    eventName: input.eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '10.0.0.1',
    userAgent: 'aws-sdk-js/3',
    requestParameters: input.secretId ? { secretId: input.secretId } : null,
    responseElements: null,
    ...(input.errorCode ? { errorCode: input.errorCode, errorMessage: input.errorMessage ?? 'refused' } : {}),
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: input.eventName.startsWith('Get') || input.eventName.startsWith('Describe') || input.eventName.startsWith('List'),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111111111111',
    eventCategory: 'Management',
    ...input.extra,
  };
}

function namesResource(event: Event, resource: string): boolean {
  const record = JSON.parse(event.CloudTrailEvent ?? '{}') as { requestParameters?: { secretId?: string } | null; additionalEventData?: { SecretId?: string }; serviceEventDetails?: { secretId?: string } };
  const ids = [record.requestParameters?.secretId, record.additionalEventData?.SecretId, record.serviceEventDetails?.secretId];
  return ids.some((id) => id !== undefined && (id === resource || id.includes(`:secret:${resource}-`) || resource.includes(`:secret:${id}-`)));
}

export class CloudTrailDouble {
  readonly mock: AwsClientStub<CloudTrailClient>;
  readonly client = new CloudTrailClient({ region: 'eu-west-1' });
  private readonly events: { time: number; source: string; event: Event }[] = [];
  readonly trails: Trail[] = [];
  readonly status = new Map<string, boolean>();
  readonly selectors = new Map<string, Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>>();
  /** Start time of every LookupEvents request, throttled or not. */
  readonly lookupTimes: number[] = [];
  readonly lookupInputs: LookupEventsCommandInput[] = [];
  private readonly accepted: number[] = [];
  throttledCount = 0;
  /** The next N LookupEvents requests are throttled whatever their pace (another caller spends the quota). */
  forceThrottles = 0;

  constructor(private readonly clock: { now(): number }) {
    this.mock = mockClient(this.client);
    this.mock.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput) => this.lookup(input));
    this.mock.on(DescribeTrailsCommand).callsFake(async () => ({ trailList: this.trails }));
    this.mock.on(GetTrailStatusCommand).callsFake(async ({ Name }: { Name: string }) => {
      const trail = this.find(Name);
      return { IsLogging: this.status.get(trail.TrailARN!) ?? true };
    });
    this.mock.on(GetEventSelectorsCommand).callsFake(async ({ TrailName }: { TrailName: string }) => {
      const trail = this.find(TrailName);
      return { TrailARN: trail.TrailARN, ...(this.selectors.get(trail.TrailARN!) ?? { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] }) };
    });
  }

  private find(nameOrArn: string): Trail {
    const trail = this.trails.find((t) => t.TrailARN === nameOrArn || t.Name === nameOrArn);
    if (!trail) throw new TrailNotFoundException({ message: `Unknown trail: ${nameOrArn}`, $metadata: {} });
    return trail;
  }

  addTrail(trail: Trail & { isLogging?: boolean; selectors?: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'> }): void {
    const { isLogging, selectors, ...rest } = trail;
    this.trails.push(rest);
    if (isLogging !== undefined) this.status.set(rest.TrailARN!, isLogging);
    if (selectors) this.selectors.set(rest.TrailARN!, selectors);
  }

  addEvent(record: Record<string, unknown>): void {
    const time = Date.parse(String(record.eventTime));
    const source = String(record.eventSource);
    this.events.push({
      time,
      source,
      event: { EventId: String(record.eventID), EventName: String(record.eventName), EventSource: source, EventTime: new Date(time), ReadOnly: String(record.readOnly), CloudTrailEvent: JSON.stringify(record) },
    });
  }

  addEvents(inputs: readonly TrailEventInput[]): void {
    for (const input of inputs) this.addEvent(trailRecord(input));
  }

  /** LookupEvents (also served over HTTP by test/support/secrets-manager-http.ts). */
  lookup(input: LookupEventsCommandInput) {
    const now = this.clock.now();
    this.lookupTimes.push(now);
    this.lookupInputs.push(input);
    // The quota: two requests per second per account and region.
    const inLastSecond = this.accepted.filter((t) => t > now - 1000).length;
    if (this.forceThrottles > 0 || inLastSecond >= 2) {
      if (this.forceThrottles > 0) this.forceThrottles -= 1;
      this.throttledCount += 1;
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    }
    this.accepted.push(now);
    const attributes = input.LookupAttributes ?? [];
    if (attributes.length > 1) throw new InvalidParameterException({ message: 'only one lookup attribute may be specified', $metadata: {} });
    const source = attributes[0]?.AttributeKey === 'EventSource' ? attributes[0].AttributeValue : undefined;
    // ResourceName matches the secret named in the record (Secrets Manager events carry it in requestParameters, or in additionalEventData for rotation).
    const resource = attributes[0]?.AttributeKey === 'ResourceName' ? attributes[0].AttributeValue : undefined;
    const eventName = attributes[0]?.AttributeKey === 'EventName' ? attributes[0].AttributeValue : undefined;
    const start = Math.max(input.StartTime ? new Date(input.StartTime).getTime() : 0, now - 90 * DAY_MS);
    const end = input.EndTime ? new Date(input.EndTime).getTime() : now;
    const pageSize = Math.min(input.MaxResults ?? 50, 50);
    const query = JSON.stringify({ source, resource, eventName, start: input.StartTime, end: input.EndTime, pageSize });
    const offset = decodeToken(input.NextToken, query, () => new InvalidNextTokenException({ message: 'Invalid NextToken', $metadata: {} }));
    const matching = this.events
      .filter((e) => (source === undefined || e.source === source) && (resource === undefined || namesResource(e.event, resource)) && (eventName === undefined || e.event.EventName === eventName) && e.time >= start && e.time <= end)
      .sort((a, b) => b.time - a.time);
    const page = matching.slice(offset, offset + pageSize);
    const next = offset + pageSize < matching.length ? encodeToken(offset + pageSize, query) : undefined;
    return { Events: page.map((e) => e.event), NextToken: next };
  }
}

export class CloudWatchLogsDouble {
  readonly client = new CloudWatchLogsClient({ region: 'eu-west-1' });
  readonly mock: AwsClientStub<CloudWatchLogsClient>;
  readonly groups = new Map<string, MetricFilter[]>();

  constructor() {
    this.mock = mockClient(this.client);
    this.mock.on(DescribeMetricFiltersCommand).callsFake(async (input: { logGroupName?: string; nextToken?: string; limit?: number }) => {
      const group = input.logGroupName ?? '';
      const filters = this.groups.get(group);
      if (!filters) throw new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} });
      const limit = Math.min(input.limit ?? 50, 50);
      const query = `filters:${group}:${limit}`;
      const offset = decodeToken(input.nextToken, query, () => new ResourceNotFoundException({ message: 'bad token', $metadata: {} }));
      const page = filters.slice(offset, offset + limit);
      return { metricFilters: page, nextToken: offset + limit < filters.length ? encodeToken(offset + limit, query) : undefined };
    });
  }

  addGroup(name: string): void {
    if (!this.groups.has(name)) this.groups.set(name, []);
  }

  putMetricFilter(group: string, filter: { name: string; pattern: string; namespace: string; metricName: string }): void {
    this.addGroup(group);
    this.groups.get(group)!.push({
      filterName: filter.name,
      logGroupName: group,
      filterPattern: filter.pattern,
      metricTransformations: [{ metricName: filter.metricName, metricNamespace: filter.namespace, metricValue: '1' }],
      creationTime: Date.now(),
    });
  }
}

export class CloudWatchDouble {
  readonly client = new CloudWatchClient({ region: 'eu-west-1' });
  readonly mock: AwsClientStub<CloudWatchClient>;
  readonly alarms: MetricAlarm[] = [];

  constructor() {
    this.mock = mockClient(this.client);
    this.mock.on(DescribeAlarmsCommand).callsFake(async (input: { MaxRecords?: number; NextToken?: string }) => {
      const limit = Math.min(input.MaxRecords ?? 50, 100);
      const query = `alarms:${limit}`;
      const offset = decodeToken(input.NextToken, query, () => new InvalidNextToken({ message: 'The service returned an invalid token', $metadata: {} }));
      const sorted = [...this.alarms].sort((a, b) => (a.AlarmName ?? '').localeCompare(b.AlarmName ?? ''));
      return { MetricAlarms: sorted.slice(offset, offset + limit), CompositeAlarms: [], NextToken: offset + limit < sorted.length ? encodeToken(offset + limit, query) : undefined };
    });
  }

  putMetricAlarm(alarm: { name: string; namespace: string; metricName: string; actions: string[]; actionsEnabled?: boolean }): void {
    this.alarms.push({
      AlarmName: alarm.name,
      AlarmArn: `arn:aws:cloudwatch:eu-west-1:111111111111:alarm:${alarm.name}`,
      Namespace: alarm.namespace,
      MetricName: alarm.metricName,
      ActionsEnabled: alarm.actionsEnabled ?? true,
      AlarmActions: alarm.actions,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      Statistic: 'Sum',
      Period: 300,
      StateValue: 'OK',
    });
  }
}

export class SnsDouble {
  readonly client = new SNSClient({ region: 'eu-west-1' });
  readonly mock: AwsClientStub<SNSClient>;
  readonly topics = new Map<string, Subscription[]>();
  readonly published: { TopicArn: string; Subject?: string; Message: string }[] = [];

  constructor() {
    this.mock = mockClient(this.client);
    this.mock.on(ListSubscriptionsByTopicCommand).callsFake(async (input: { TopicArn: string; NextToken?: string }) => {
      const subs = this.topics.get(input.TopicArn);
      if (!subs) throw new NotFoundException({ message: 'Topic does not exist', $metadata: {} });
      const query = `subs:${input.TopicArn}`;
      const offset = decodeToken(input.NextToken, query, () => new NotFoundException({ message: 'bad token', $metadata: {} }));
      return { Subscriptions: subs.slice(offset, offset + 100), NextToken: offset + 100 < subs.length ? encodeToken(offset + 100, query) : undefined };
    });
    this.mock.on(PublishCommand).callsFake(async (input: { TopicArn: string; Subject?: string; Message: string }) => {
      if (!this.topics.has(input.TopicArn)) throw new NotFoundException({ message: 'Topic does not exist', $metadata: {} });
      if (input.Subject !== undefined && (input.Subject.length > 100 || /[^\x20-\x7e]/.test(input.Subject))) throw new Error('InvalidParameter: Subject');
      this.published.push(input);
      return { MessageId: randomUUID() };
    });
  }

  createTopic(arn: string, subscriptions: { confirmed: number; pending?: number } = { confirmed: 0 }): void {
    const subs: Subscription[] = [];
    for (let i = 0; i < subscriptions.confirmed; i += 1) subs.push({ TopicArn: arn, Protocol: 'email', Endpoint: `oncall${i}@example.com`, SubscriptionArn: `${arn}:${randomUUID()}` });
    for (let i = 0; i < (subscriptions.pending ?? 0); i += 1) subs.push({ TopicArn: arn, Protocol: 'email', Endpoint: `pending${i}@example.com`, SubscriptionArn: 'PendingConfirmation' });
    this.topics.set(arn, subs);
  }
}

export class S3Double {
  readonly client = new S3Client({ region: 'eu-west-1' });
  readonly mock: AwsClientStub<S3Client>;
  readonly objects = new Map<string, { body: string; contentType?: string; cacheControl?: string }>();

  constructor(readonly bucket: string) {
    this.mock = mockClient(this.client);
    this.mock.on(GetObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
      const object = input.Bucket === this.bucket ? this.objects.get(input.Key) : undefined;
      if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
      return { Body: { transformToString: async () => object.body }, ContentType: object.contentType };
    });
    this.mock.on(PutObjectCommand).callsFake(async (input: { Bucket: string; Key: string; Body: string; ContentType?: string; CacheControl?: string }) => {
      if (input.Bucket !== this.bucket) throw new Error(`NoSuchBucket: ${input.Bucket}`);
      this.objects.set(input.Key, { body: String(input.Body), contentType: input.ContentType, cacheControl: input.CacheControl });
      return { ETag: `"${randomUUID()}"` };
    });
  }

  putJson(key: string, document: unknown): void {
    this.objects.set(key, { body: JSON.stringify(document), contentType: 'application/json' });
  }

  text(key: string): string {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object ${key}`);
    return object.body;
  }
}
