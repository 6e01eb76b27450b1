import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { AuditSettings } from '../../lib/catalog/types';
import { AlertTopic } from '../../lib/constructs/alert-topic';
import { AuditTrail } from '../../lib/constructs/audit-trail';
import { WardenDashboard } from '../../lib/constructs/dashboard';
import { FunctionAlarms } from '../../lib/constructs/function-alarms';
import { AuditAlarms } from '../../lib/constructs/metric-filter-alarms';
import { RotationFailureEvents } from '../../lib/constructs/rotation-failure-events';
import { testApp } from './support';

// cdk-nag v3: packs are policy-validation plugins; validateScope() runs them on a construct tree
// directly. The only acknowledgement in these constructs is AwsSolutions-S1 on the bucket that
// receives the trail bucket's access logs (it cannot log into itself).

function auditStack(audit: AuditSettings): { app: App; stack: Stack } {
  const app = testApp();
  const stack = new Stack(app, 'AuditNag', { env: { account: '111122223333', region: 'eu-west-1' } });
  const alerts = new AlertTopic(stack, 'Alerts', { environmentName: 'prod', subscriptions: [{ protocol: 'email', endpoint: 'oncall@example.com' }] });
  const trail = new AuditTrail(stack, 'Audit', { environmentName: 'prod', settings: audit });
  const auditAlarms = new AuditAlarms(stack, 'AuditAlarms', {
    environmentName: 'prod',
    logGroup: trail.logGroup,
    topic: alerts.topic,
    cisFilters: audit.cisFilters,
    secretsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  });
  new RotationFailureEvents(stack, 'RotationFailures', { environmentName: 'prod', topic: alerts.topic });
  // An imported function: its own resources belong to whoever defines it, not to these constructs.
  const fn = lambda.Function.fromFunctionAttributes(stack, 'Rotation', { functionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:rotation', sameEnvironment: true });
  const fnAlarms = new FunctionAlarms(stack, 'RotationAlarms', { environmentName: 'prod', function: fn, name: 'rotation', timeout: Duration.seconds(60), topic: alerts.topic });
  new WardenDashboard(stack, 'Dashboard', { environmentName: 'prod', alarms: [...auditAlarms.alarms, ...fnAlarms.alarms] });
  return { app, stack };
}

describe('cdk-nag AwsSolutions on the audit constructs', () => {
  it.each([
    ['a new trail with the CIS filters', { cisFilters: true, logRetentionDays: 365 }],
    ['an organisation trail log group', { cisFilters: false, logRetentionDays: 365, existingTrailLogGroup: 'aws-controltower/CloudTrailLogs' }],
  ] as const)('reports no violation for %s', (_name, audit) => {
    const { app, stack } = auditStack(audit);

    const report = new AwsSolutionsChecks(app).validateScope(stack);

    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('does report a violation that nothing acknowledged (the check is live)', () => {
    const { app, stack } = auditStack({ cisFilters: false, logRetentionDays: 30 });
    new s3.Bucket(stack, 'Unlogged');

    const report = new AwsSolutionsChecks(app).validateScope(stack);

    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
