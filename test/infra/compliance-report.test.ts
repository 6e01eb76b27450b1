// The ComplianceReport construct on a bare stack, with the report bucket and topic the environment
// stack passes it: schedule, least-privilege IAM, cdk-nag, and the catalog summary from the catalog.
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../lib/catalog';
import { buildCatalogSummary } from '../../lib/catalog/summary';
import { ComplianceReport, type ComplianceReportProps } from '../../lib/constructs/compliance-report';
import { complianceCatalog } from '../../lambdas/compliance/core/catalog';
import { ReportBucket } from '../../lib/constructs/report-bucket';
import { lambdaEntry } from '../../lib/constructs/warden-function';
import { applyNag, nagFindings } from '../../lib/nag';
import { SUMMARY } from '../unit/inventory/fixtures';
import { testApp } from './support';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function build(props: Partial<ComplianceReportProps> = {}) {
  const app = testApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Bare', { env: { account: '111111111111', region: 'eu-west-1' } });
  const reports = new ReportBucket(stack, 'Reports', { environmentName: 'prod' });
  const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: reports.key });
  const construct = new ComplianceReport(stack, 'Compliance', {
    environmentName: 'prod',
    reportBucket: reports.bucket,
    alertTopic: topic,
    schedule: 'cron(0 6 ? * MON *)',
    catalogSummary: SUMMARY,
    ...props,
  });
  applyNag(app);
  return { app, stack, construct, template: Template.fromStack(stack) };
}

const statementsOf = (template: Template): Statement[] => Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);

let built: ReturnType<typeof build>;
beforeAll(() => {
  built = build();
});

describe('compliance function and schedule', () => {
  it('runs for up to 15 minutes, one at a time, told where to write and how far to read', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ WARDEN_ENVIRONMENT: 'prod', REPORT_BUCKET: Match.anyValue(), ALERT_TOPIC_ARN: Match.anyValue(), AUDIT_PERIOD_DAYS: '7', AUDIT_MAX_EVENTS: '50000', AUDIT_TIME_BUDGET_SECONDS: '660' }) },
    });
  });

  it('is invoked on the catalog\'s compliance schedule', () => {
    built.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 ? * MON *)', State: 'ENABLED', Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2 } })] });
  });

  it('ships the catalog summary beside the bundle, not in the template', () => {
    expect(JSON.stringify(built.template.toJSON())).not.toContain('app-reader');
  });

  it('passes trusted roles (rotation functions) by ARN at deploy time', () => {
    const { template } = build({ trustedRoles: [iam.Role.fromRoleArn(new Stack(testApp(), 'Roles'), 'R', 'arn:aws:iam::111111111111:role/rotation-random')] });

    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TRUSTED_PRINCIPALS: 'arn:aws:iam::111111111111:role/rotation-random' }) } });
  });
});

describe('least privilege', () => {
  it('reads configuration and event history only: no secret value, no log event, no write outside compliance/', () => {
    const actions = statementsOf(built.template).flatMap((s) => list(s.Action));

    expect(actions).toEqual(expect.arrayContaining(['cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'logs:DescribeMetricFilters', 'cloudwatch:DescribeAlarms', 'sns:ListSubscriptionsByTopic', 'sns:Publish']));
    expect(actions.filter((a) => /secretsmanager:|GetLogEvents|FilterLogEvents|StartQuery|:\*$/.test(a))).toEqual([]);
  });

  it('uses "*" only for the actions that support no resource scope', () => {
    const wildcard = statementsOf(built.template).filter((s) => list(s.Resource).includes('*'));

    expect(wildcard.flatMap((s) => list(s.Action)).sort()).toEqual(['cloudtrail:DescribeTrails', 'cloudtrail:LookupEvents', 'logs:DescribeMetricFilters', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('writes only under compliance/ and reads only its inputs: the inventory facts, the latest inventory and the latest report', () => {
    const s3 = statementsOf(built.template).filter((s) => list(s.Action).some((a) => a.startsWith('s3:')));

    expect(s3.map((s) => [list(s.Action).join(','), (JSON.stringify(s.Resource).match(/\/((?:inventory|compliance)\/[^"]*)"/g) ?? []).join(' ')])).toEqual([
      ['s3:GetObject', '/inventory/latest.facts.ndjson" /inventory/latest.json" /compliance/latest.json"'],
      ['s3:PutObject', '/compliance/*"'],
    ]);
  });

  it('may use the report key and publish to the encrypted alert topic', () => {
    const kms = statementsOf(built.template).filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));

    expect(kms.flatMap((s) => list(s.Action))).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged AwsSolutions finding on a bare stack', () => {
    expect(nagFindings(built.stack)).toEqual([]);
  });

  it('lets the app synthesize with the pack registered', () => {
    expect(() => built.app.synth()).not.toThrow();
  });
});

describe('props', () => {
  it('refuses a catalog summary of another environment', () => {
    expect(() => build({ environmentName: 'dev' })).toThrow(/buildCatalogSummary/);
  });

  it('refuses an audit period LookupEvents cannot serve', () => {
    expect(() => build({ auditPeriodDays: 120 })).toThrow(/1 to 90/);
  });
});

describe('the catalog summary', () => {
  it('is built from the example catalog: readers per <env>/<name>, other environments\' principals, CIS switch', () => {
    const loaded = loadCatalog(lambdaEntry('config/secrets.yaml'));
    const view = loaded.forEnvironment('prod');

    const summary = complianceCatalog(buildCatalogSummary(loaded, 'prod'));

    expect(summary.environment).toBe('prod');
    expect(Object.keys(summary.readers).length).toBe(view.secrets.length);
    expect(Object.keys(summary.readers).every((name) => name.startsWith('prod/'))).toBe(true);
    expect(summary.cisMonitoring).toBe(view.environment.audit.cisFilters);
    expect(summary.otherEnvironmentPrincipals).toEqual(view.otherEnvironmentPrincipals ?? []);
    expect(summary.otherEnvironmentPrincipals.some((p) => Object.values(summary.readers).flat().includes(p))).toBe(false);
  });
});
