import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { InventoryScan } from '../../lib/constructs/inventory-scan';
import { ReportBucket } from '../../lib/constructs/report-bucket';
import { applyNag, nagFindings } from '../../lib/nag';
import { SUMMARY } from '../unit/inventory/fixtures';
import { testApp } from './support';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function build(props: { scanPlaintext?: boolean; schedule?: string } = {}) {
  const app = testApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Bare', { env: { account: '111111111111', region: 'eu-west-1' } });
  const reports = new ReportBucket(stack, 'Reports', { environmentName: 'prod' });
  const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: reports.key });
  const scan = new InventoryScan(stack, 'Inventory', { environmentName: 'prod', catalogSummary: SUMMARY, reportBucket: reports, alertTopic: topic, ...props });
  applyNag(app);
  return { app, stack, scan, template: Template.fromStack(stack) };
}

function statements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

let built: ReturnType<typeof build>;
beforeAll(() => {
  built = build({ schedule: 'cron(0 6 * * ? *)' });
});

describe('report bucket', () => {
  it('is KMS-encrypted with a bucket key, versioned, public access blocked, logged, with lifecycle rules', () => {
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'report-bucket/' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'expire-inventory-reports', Prefix: 'inventory/2', ExpirationInDays: 400, Status: 'Enabled' }),
          Match.objectLike({ Id: 'expire-old-versions', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        ]),
      },
    });
  });

  it('denies requests without TLS', () => {
    const policies = Object.values(built.template.findResources('AWS::S3::BucketPolicy'));
    const denies = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Deny');

    expect(denies.length).toBeGreaterThanOrEqual(2);
    expect(denies.every((s) => JSON.stringify(s.Condition).includes('"aws:SecureTransport":"false"'))).toBe(true);
  });

  it('rotates its key', () => {
    built.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('inventory function and schedule', () => {
  it('runs for up to 15 minutes with 1 GB, one at a time, told where to write', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: Duration.minutes(15).toSeconds(),
      MemorySize: 1024,
      ReservedConcurrentExecutions: 1,
      EphemeralStorage: { Size: 4096 },
      Environment: { Variables: Match.objectLike({ WARDEN_ENVIRONMENT: 'prod', REPORT_BUCKET: Match.anyValue(), ALERT_TOPIC_ARN: Match.anyValue(), SCAN_PLAINTEXT: 'true' }) },
    });
  });

  it('is invoked on the catalog schedule', () => {
    built.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 } })],
    });
  });

  it('ships the catalog summary in the bundle, not in an environment variable', () => {
    const text = JSON.stringify(built.template.toJSON());

    expect(text).not.toContain('team-orders');
  });
});

describe('least privilege', () => {
  it('reads secret metadata only, never a value', () => {
    const actions = statements(built.template).flatMap((s) => list(s.Action));

    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:ListSecrets', 'secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy']));
    expect(actions.filter((a) => /GetSecretValue|BatchGetSecretValue|secretsmanager:\*|ssm:GetParameter$|kms:\*|s3:\*/.test(a))).toEqual([]);
  });

  it('uses "*" only for the actions that support no resource scope', () => {
    const wildcard = statements(built.template).filter((s) => list(s.Resource).includes('*'));

    // Metrics leave as EMF in the function's log (the handler factory), so no cloudwatch:PutMetricData.
    expect(wildcard.flatMap((s) => list(s.Action)).sort()).toEqual(['lambda:ListFunctions', 'secretsmanager:ListSecrets', 'ssm:DescribeParameters', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort());
  });

  it('writes only under inventory/ and reads only its state and inventory/latest.json', () => {
    const s3 = statements(built.template).filter((s) => list(s.Action).some((a) => a.startsWith('s3:')));

    expect(s3.map((s) => [list(s.Action).join(','), [...JSON.stringify(s.Resource).matchAll(/\/(inventory\/[^"]*)"/g)].map((m) => m[1]).join(' ')])).toEqual([
      ['s3:PutObject', 'inventory/*'],
      ['s3:GetObject', 'inventory/state.json inventory/latest.json'],
    ]);
  });

  it('drops the Lambda and SSM permissions when the plaintext scan is off', () => {
    const { template } = build({ scanPlaintext: false });
    const actions = statements(template).flatMap((s) => list(s.Action));

    expect(actions.some((a) => a.startsWith('lambda:') || a.startsWith('ssm:'))).toBe(false);
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged AwsSolutions finding on a bare stack', () => {
    expect(nagFindings(built.stack)).toEqual([]);
  });

  it('refuses a catalog summary of another environment', () => {
    const app = testApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Wrong');
    const reports = new ReportBucket(stack, 'Reports', { environmentName: 'dev' });

    expect(() => new InventoryScan(stack, 'Inventory', { environmentName: 'dev', catalogSummary: SUMMARY, reportBucket: reports, alertTopic: new sns.Topic(stack, 'T') })).toThrow(/buildCatalogSummary/);
  });
});
