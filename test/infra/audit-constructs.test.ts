import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CIS_METRIC_FILTERS } from '../../contract/cis-patterns';
import { METRIC } from '../../lambdas/shared/metrics';
import { secretsFilterDefinitions } from '../../lib/audit/secrets-filters';
import type { AuditSettings } from '../../lib/catalog/types';
import { AlertTopic } from '../../lib/constructs/alert-topic';
import { AuditTrail, retentionFor } from '../../lib/constructs/audit-trail';
import { WardenDashboard } from '../../lib/constructs/dashboard';
import { FunctionAlarms } from '../../lib/constructs/function-alarms';
import { AuditAlarms } from '../../lib/constructs/metric-filter-alarms';
import { RotationFailureEvents } from '../../lib/constructs/rotation-failure-events';
import { matchesEventPattern } from '../support/event-pattern';
import { testApp } from './support';

const ENV = { account: '111122223333', region: 'eu-west-1' };
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/secrets-warden-prod-rotation';
const RUNBOOK = 'https://git.example.com/secrets-warden/blob/main/docs/runbooks.md';

type Resource = { Type: string; Properties: Record<string, unknown> };

interface Built {
  stack: Stack;
  template: Template;
  topicRef: string;
}

/** The audit constructs wired the way the environment stack does, on a bare Stack. */
function build(audit: AuditSettings, options: { alerts?: boolean } = {}): Built {
  const app = testApp();
  const stack = new Stack(app, 'AuditUnderTest', { env: ENV });
  const alerts = new AlertTopic(stack, 'Alerts', {
    environmentName: 'prod',
    subscriptions:
      options.alerts === false
        ? []
        : [
            { protocol: 'email', endpoint: 'oncall@example.com' },
            { protocol: 'https', endpoint: 'https://pager.example.com/hook' },
            { protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:111122223333:oncall' },
          ],
  });
  const trail = new AuditTrail(stack, 'Audit', { environmentName: 'prod', settings: audit });
  const auditAlarms = new AuditAlarms(stack, 'AuditAlarms', {
    environmentName: 'prod',
    logGroup: trail.logGroup,
    topic: alerts.topic,
    cisFilters: audit.cisFilters,
    secretsKeyArn: KEY_ARN,
    automationRoleArns: [ROLE_ARN],
    runbookBaseUrl: RUNBOOK,
  });
  const rotationFailures = new RotationFailureEvents(stack, 'RotationFailures', { environmentName: 'prod', topic: alerts.topic, runbookBaseUrl: RUNBOOK });
  alerts.allowEventRules(rotationFailures.rules);
  const fn = new lambda.Function(stack, 'Rotation', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => {};'),
    timeout: Duration.seconds(30),
  });
  const fnAlarms = new FunctionAlarms(stack, 'RotationAlarms', { environmentName: 'prod', function: fn, name: 'rotation-postgres', topic: alerts.topic, runbookBaseUrl: RUNBOOK });
  new WardenDashboard(stack, 'Dashboard', { environmentName: 'prod', alarms: [...auditAlarms.alarms, ...fnAlarms.alarms] });
  const template = Template.fromStack(stack);
  const topicRef = Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
  return { stack, template, topicRef };
}

const withTrail: AuditSettings = { cisFilters: true, logRetentionDays: 365 };
const orgTrail: AuditSettings = { cisFilters: false, logRetentionDays: 365, existingTrailLogGroup: 'aws-controltower/CloudTrailLogs' };

function resources(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type)) as Resource[];
}

/** Resolves the pseudo parameters CDK leaves in a template value (Ref AWS::*, Fn::Join). */
function resolvePseudo(value: unknown): unknown {
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': ENV.region, 'AWS::AccountId': ENV.account };
  if (Array.isArray(value)) return value.map(resolvePseudo);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string' && object.Ref in pseudo) return pseudo[object.Ref];
  if (Array.isArray(object['Fn::Join'])) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(resolvePseudo(p))).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolvePseudo(v)]));
}

describe('AlertTopic', () => {
  const { template, topicRef } = build(withTrail);

  it('encrypts the topic with a rotating key that CloudWatch alarms and EventBridge may use', () => {
    const [topic] = resources(template, 'AWS::SNS::Topic');
    const keyRef = (topic!.Properties.KmsMasterKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const key = template.toJSON().Resources[keyRef] as Resource;

    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Effect: 'Allow',
        }),
      ]),
    });
  });

  it('denies publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicRef }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes the catalog endpoints: email, https, and SQS by queue ARN', () => {
    const subscriptions = resources(template, 'AWS::SNS::Subscription').map((s) => [s.Properties.Protocol, s.Properties.Endpoint]);

    expect(subscriptions).toEqual([
      ['email', 'oncall@example.com'],
      ['https', 'https://pager.example.com/hook'],
      ['sqs', 'arn:aws:sqs:eu-west-1:111122223333:oncall'],
    ]);
  });

  it('uses a given key instead of creating one', () => {
    const app = testApp();
    const stack = new Stack(app, 'GivenKey', { env: ENV });
    const key = new kms.Key(stack, 'Shared', { enableKeyRotation: true });
    new AlertTopic(stack, 'Alerts', { environmentName: 'prod', subscriptions: [], encryptionKey: key });
    const given = Template.fromStack(stack);

    given.resourceCountIs('AWS::KMS::Key', 1);
    given.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
  });
});

describe('AuditTrail', () => {
  it('creates a multi-region, validated, KMS-encrypted trail delivering to CloudWatch Logs', () => {
    const { template } = build(withTrail);

    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      CloudWatchLogsRoleArn: Match.anyValue(),
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
  });

  it('lets CloudTrail encrypt with the key, for this account trails only', () => {
    const { template } = build(withTrail);
    const trailKey = resources(template, 'AWS::KMS::Key').find((k) => JSON.stringify(k.Properties.KeyPolicy).includes('cloudtrail.amazonaws.com'))!;

    expect(JSON.stringify(resolvePseudo(trailKey.Properties.KeyPolicy))).toContain('"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:111122223333:trail/*"');
  });

  it('stores log files in a bucket with public access blocked, TLS-only policy and server access logs', () => {
    const { template } = build(withTrail);
    const trailBucketRef = (resources(template, 'AWS::CloudTrail::Trail')[0]!.Properties.S3BucketName as { Ref: string }).Ref;
    const trailBucket = template.toJSON().Resources[trailBucketRef] as Resource;
    const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

    expect(trailBucket.Properties.PublicAccessBlockConfiguration).toEqual(blocked);
    expect(trailBucket.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: expect.any(String) } });
    for (const bucket of resources(template, 'AWS::S3::Bucket')) expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual(blocked);
    for (const policy of resources(template, 'AWS::S3::BucketPolicy')) {
      expect(policy.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      });
    }
  });

  it('imports the named organisation trail log group and creates no trail, bucket or log group', () => {
    const { template } = build(orgTrail);

    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    for (const filter of resources(template, 'AWS::Logs::MetricFilter')) expect(filter.Properties.LogGroupName).toBe('aws-controltower/CloudTrailLogs');
  });

  it.each([
    [1, 1],
    [100, 120],
    [365, 365],
    [366, 400],
    [5000, 3653],
  ])('rounds a retention of %i days up to the CloudWatch Logs value %i', (days, expected) => {
    expect(retentionFor(days)).toBe(expected);
  });
});

describe('AuditAlarms (metric filters and their alarms)', () => {
  it('deploys the 14 CIS filters with AWS exact patterns in LogMetrics, and the secrets filters in SecretsWarden', () => {
    const { template } = build(withTrail);
    const filters = resources(template, 'AWS::Logs::MetricFilter');
    const byName = new Map(filters.map((f) => [f.Properties.FilterName as string, f.Properties]));

    for (const cis of CIS_METRIC_FILTERS) {
      expect(byName.get(cis.filterName)).toMatchObject({
        FilterPattern: cis.pattern,
        MetricTransformations: [{ MetricNamespace: 'LogMetrics', MetricName: cis.metricName, MetricValue: '1' }],
      });
      expect((byName.get(cis.filterName)!.MetricTransformations as Record<string, unknown>[])[0]).not.toHaveProperty('Dimensions');
    }
    for (const secrets of secretsFilterDefinitions({ environmentName: 'prod', secretsKeyArn: KEY_ARN, automationRoleArns: [ROLE_ARN] })) {
      expect(byName.get(secrets.filterName)).toMatchObject({
        FilterPattern: secrets.pattern,
        MetricTransformations: [{ MetricNamespace: 'SecretsWarden', MetricName: secrets.metricName, MetricValue: '1' }],
      });
    }
    expect(filters).toHaveLength(14 + 10);
  });

  it('leaves the CIS set out when the catalog switches it off', () => {
    const { template } = build(orgTrail);
    const namespaces = resources(template, 'AWS::Logs::MetricFilter').map((f) => (f.Properties.MetricTransformations as { MetricNamespace: string }[])[0]!.MetricNamespace);

    expect(namespaces).toHaveLength(10);
    expect(new Set(namespaces)).toEqual(new Set(['SecretsWarden']));
  });

  it('alarms on every filter metric at >= 1 over 5 minutes, missing data not breaching', () => {
    const { template } = build(withTrail);
    const metricFilters = resources(template, 'AWS::Logs::MetricFilter').map((f) => (f.Properties.MetricTransformations as { MetricName: string }[])[0]!.MetricName);
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').filter((a) => metricFilters.includes(a.Properties.MetricName as string));

    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual([...metricFilters].sort());
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        Period: 300,
        Statistic: 'Sum',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('describes each alarm with the environment, what happened, where to look and the runbook section', () => {
    const { template } = build(withTrail);
    const runbook = readFileSync(fileURLToPath(new URL('../../docs/runbooks.md', import.meta.url)), 'utf8');

    for (const alarm of resources(template, 'AWS::CloudWatch::Alarm')) {
      const description = typeof alarm.Properties.AlarmDescription === 'string' ? alarm.Properties.AlarmDescription : JSON.stringify(alarm.Properties.AlarmDescription);
      const anchor = /Runbook: \S+#([a-z0-9-]+)/.exec(description)?.[1];

      expect(description).toContain('[secrets-warden prod] ');
      expect(description).toContain(RUNBOOK);
      expect(description.length).toBeLessThanOrEqual(1024);
      expect(anchor, description).toBeDefined();
      expect(runbook, `docs/runbooks.md has no <a id="${anchor}">`).toContain(`<a id="${anchor}"></a>`);
    }
  });

  it('gives EVERY alarm in the stack the alert topic as its action', () => {
    const { template, topicRef } = build(withTrail);
    const alarms = resources(template, 'AWS::CloudWatch::Alarm');

    expect(alarms).toHaveLength(14 + 10 + 3);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicRef }]);
  });
});

describe('RotationFailureEvents', () => {
  const { template, topicRef } = build(withTrail);
  const rules = resources(template, 'AWS::Events::Rule');
  const samplesDir = fileURLToPath(new URL('../fixtures/cloudtrail/rotation-events/', import.meta.url));
  const samples = readdirSync(samplesDir).map((f) => JSON.parse(readFileSync(`${samplesDir}${f}`, 'utf8')) as { expect: string; event: Record<string, unknown> });

  it('has one rule per failure event, targeting the alert topic', () => {
    expect(rules.map((r) => (r.Properties.EventPattern as { detail: { eventName: string[] } }).detail.eventName)).toEqual([
      ['RotationFailed'],
      ['TestRotationFailed'],
      ['RotationAbandoned'],
    ]);
    for (const rule of rules) expect((rule.Properties.Targets as { Arn: unknown }[])[0]!.Arn).toEqual({ Ref: topicRef });
  });

  it('lets only these rules of this account publish, with one key statement for EventBridge', () => {
    const policy = resources(template, 'AWS::SNS::TopicPolicy')[0]!.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    const fromEvents = policy.Statement.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));
    const ruleIds = Object.keys(template.findResources('AWS::Events::Rule'));

    expect(fromEvents).toEqual([
      {
        Sid: 'EnvironmentEventRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicRef },
        Condition: {
          ArnEquals: { 'aws:SourceArn': ruleIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      },
    ]);
    const key = resources(template, 'AWS::KMS::Key').find((k) => JSON.stringify(k.Properties.KeyPolicy).includes('AlarmsAndRulesPublishToAlertTopic'))!;
    const keyStatements = (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    expect(keyStatements.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'))).toHaveLength(1);
  });

  it('matches the samples as deployed: both ARN spellings alert, success and other environments do not', () => {
    const deployed = rules.map((r) => resolvePseudo(r.Properties.EventPattern) as Record<string, unknown>);

    for (const sample of samples) {
      const hits = deployed.filter((p) => matchesEventPattern(p, sample.event)).length;
      expect(hits, JSON.stringify((sample.event.detail as Record<string, unknown>).eventName)).toBe(sample.expect === 'match' ? 1 : 0);
    }
  });

  it('turns the event into a readable message: environment, secret (either spelling), event, error, runbook link', () => {
    for (const rule of rules) {
      const transformer = (rule.Properties.Targets as { InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }[])[0]!.InputTransformer;
      const paths = Object.values(transformer.InputPathsMap);
      const eventName = (rule.Properties.EventPattern as { detail: { eventName: string[] } }).detail.eventName[0]!;
      const anchor = { RotationFailed: 'rotation-failed', TestRotationFailed: 'test-rotation-failed', RotationAbandoned: 'rotation-abandoned' }[eventName];

      expect(paths).toEqual(expect.arrayContaining(['$.detail.additionalEventData.SecretId', '$.detail.serviceEventDetails.secretId', '$.detail.eventName', '$.detail.errorMessage']));
      expect(transformer.InputTemplate).toContain('[secrets-warden prod]');
      expect(transformer.InputTemplate).toContain(`${RUNBOOK}#${anchor}`);
      expect(transformer.InputTemplate).toMatch(/Secret: <[^>]+><[^>]+>\./);
    }
  });
});

describe('FunctionAlarms', () => {
  it('alarms on errors, throttles, and p99 duration above 80% of the timeout', () => {
    const { template } = build(withTrail);
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.Namespace === 'AWS/Lambda');
    const byMetric = Object.fromEntries(alarms.map((a) => [a.Properties.MetricName as string, a.Properties]));

    expect(Object.keys(byMetric).sort()).toEqual(['Duration', 'Errors', 'Throttles']);
    expect(byMetric.Errors).toMatchObject({ Threshold: 1, Statistic: 'Sum', AlarmName: 'SecretsWarden-prod-rotation-postgres-Errors' });
    expect(byMetric.Throttles).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
    expect(byMetric.Duration).toMatchObject({ Threshold: 24000, ExtendedStatistic: 'p99', ComparisonOperator: 'GreaterThanThreshold' });
    for (const alarm of alarms) expect(JSON.stringify(alarm.Properties.AlarmDescription)).toMatch(/\[secrets-warden prod\] Function rotation-postgres: .*Runbook: \S+#function-/);
  });
});

describe('WardenDashboard', () => {
  it('is named SecretsWarden-<env> and shows rotations, access denied, findings by severity and alarm states', () => {
    const { template } = build(withTrail);
    const [dashboard] = resources(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);

    expect(dashboard!.Properties.DashboardName).toBe('SecretsWarden-prod');
    expect(body).toContain(`\\"SecretsWarden\\",\\"${METRIC.rotationCompleted}\\",\\"Environment\\",\\"prod\\"`);
    expect(body).toContain(`\\"${METRIC.rotationStepFailed}\\",\\"Environment\\",\\"prod\\"`);
    expect(body).toContain('SecretAccessDenied-prod');
    for (const severity of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']) {
      expect(body).toContain(`\\"${METRIC.findingsBySeverity}\\",\\"Environment\\",\\"prod\\",\\"Severity\\",\\"${severity}\\"`);
    }
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarmIds).toHaveLength(27);
    for (const id of alarmIds) expect(body).toContain(`{"Fn::GetAtt":["${id}","Arn"]}`);
  });
});
