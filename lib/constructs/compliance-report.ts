import { Aws, Duration, Fn } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CATALOG_SUMMARY_FILE, type CatalogSummary } from '../../contract/catalog-summary';
import { REPORT_KEYS } from '../../contract/reports';
import { acknowledge, grantPublishToEncryptedTopic, nagResource } from '../nag';
import { WardenFunction } from './warden-function';

export interface ComplianceReportProps {
  readonly environmentName: string;
  /** The environment's report bucket (ReportBucket.bucket); its KMS key, if any, is granted too. */
  readonly reportBucket: s3.IBucket;
  /** The environment's alert topic: regressions are summarised there. */
  readonly alertTopic: sns.ITopic;
  /** EventBridge schedule expression: the catalog's `schedules.compliance`, e.g. `cron(0 6 ? * MON *)`. */
  readonly schedule: string;
  /** From lib/catalog/summary.ts (buildCatalogSummary); shipped beside the bundle. */
  readonly catalogSummary: CatalogSummary;
  /** Roles that may read every secret of the environment besides the catalog readers (rotation functions). */
  readonly trustedRoles?: readonly iam.IRole[];
  /** Days of CloudTrail history the access audit covers, 1-90. Default 7 (the weekly period). */
  readonly auditPeriodDays?: number;
  /** Most CloudTrail events the access audit reads. Default 50,000 (about 8 minutes at 2 pages of 50 per second). */
  readonly auditMaxEvents?: number;
}

/**
 * The weekly compliance report: a function that evaluates the controls over the latest inventory,
 * the account's audit configuration and CloudTrail's event history, and writes `compliance/*` to the
 * report bucket. Its role reads configuration and metadata only: no secret value, no log event.
 *
 * ```ts
 * new ComplianceReport(this, 'Compliance', {
 *   environmentName: view.environment.name,
 *   reportBucket: reports.bucket,                  // ReportBucket
 *   alertTopic: alerts.topic,                      // the environment's alert topic
 *   schedule: view.environment.schedules.compliance,
 *   catalogSummary: buildCatalogSummary(catalog, view.environment.name),
 *   trustedRoles: rotationRoles,                   // optional: rotation functions read every secret
 * });
 * ```
 */
export class ComplianceReport extends Construct {
  readonly function: WardenFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ComplianceReportProps) {
    super(scope, id);
    if (props.catalogSummary.environment !== props.environmentName) {
      throw new Error(`ComplianceReport: catalogSummary is for environment ${props.catalogSummary.environment}, not ${props.environmentName}; build it with buildCatalogSummary(catalog, '${props.environmentName}')`);
    }
    const periodDays = props.auditPeriodDays ?? 7;
    if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 90) {
      throw new Error(`ComplianceReport: auditPeriodDays must be a whole number from 1 to 90 (LookupEvents reaches back 90 days), got ${periodDays}`);
    }
    const trusted = (props.trustedRoles ?? []).map((r) => r.roleArn);
    this.function = new WardenFunction(this, 'Function', {
      entry: 'lambdas/compliance/handler.ts',
      environmentName: props.environmentName,
      description: 'secrets-warden compliance: controls, scores, access audit, weekly report',
      timeout: Duration.minutes(15),
      // The latest inventory is read whole; for 500,000 secrets it is hundreds of MB of JSON.
      memorySize: 1024,
      // One report at a time: two would race on latest.json and alert twice.
      reservedConcurrentExecutions: 1,
      environment: {
        REPORT_BUCKET: props.reportBucket.bucketName,
        ALERT_TOPIC_ARN: props.alertTopic.topicArn,
        AUDIT_PERIOD_DAYS: String(periodDays),
        AUDIT_MAX_EVENTS: String(props.auditMaxEvents ?? 50_000),
        // Leaves about 4 of the 15 minutes to evaluate, render and write.
        AUDIT_TIME_BUDGET_SECONDS: '660',
        ...(trusted.length > 0 ? { TRUSTED_PRINCIPALS: Fn.join(',', trusted) } : {}),
      },
      // The summary carries the catalog's runbookBaseUrl: the reports and the alert link its sections.
      generatedFiles: [{ to: CATALOG_SUMMARY_FILE, content: JSON.stringify(props.catalogSummary) }],
    });
    const role = this.function.role;
    const arn = (service: string, resource: string, region: string = Aws.REGION) => `arn:${Aws.PARTITION}:${service}:${region}:${Aws.ACCOUNT_ID}:${resource}`;

    const audit = new iam.Policy(this, 'AuditReadPolicy', {
      roles: [role],
      statements: [
        // LookupEvents and DescribeTrails support no resource-level permissions (Service Authorization Reference).
        new iam.PolicyStatement({ sid: 'ReadTrailsAndEventHistory', actions: ['cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails'], resources: ['*'] }),
        // Multi-region trails may live in any region; an organisation trail's ARN names the management account.
        new iam.PolicyStatement({ sid: 'ReadTrailStatus', actions: ['cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'], resources: [`arn:${Aws.PARTITION}:cloudtrail:*:*:trail/*`] }),
        // DescribeMetricFilters may be called without a log group (it lists all), so it is granted on "*"
        // rather than relying on log-group scoping; it returns filter definitions, never a log event.
        new iam.PolicyStatement({ sid: 'ReadMetricFilters', actions: ['logs:DescribeMetricFilters'], resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'ReadAlarms', actions: ['cloudwatch:DescribeAlarms'], resources: [arn('cloudwatch', 'alarm:*')] }),
        new iam.PolicyStatement({ sid: 'ReadAlarmTopicSubscriptions', actions: ['sns:ListSubscriptionsByTopic'], resources: [arn('sns', '*')] }),
      ],
    });
    const scoped = (resource: string) => `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${resource}]`;
    acknowledge(audit, {
      'AwsSolutions-IAM5[Resource::*]':
        'CloudTrail LookupEvents and DescribeTrails accept only Resource "*" (Service Authorization Reference); logs:DescribeMetricFilters is ' +
        'granted on "*" because the trail may deliver to any log group. All three are read-only and return no log event or secret value.',
      [scoped('cloudtrail:*:*:trail/*')]:
        'The CIS and CloudTrail controls judge every trail DescribeTrails shows, in any home region (multi-region trails) and including an ' +
        "organisation trail, whose ARN names the management account; GetTrailStatus and GetEventSelectors are read-only.",
      [scoped('cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:*')]:
        'The CIS controls look for any alarm on each filter metric, whoever created it; DescribeAlarms is read-only.',
      [scoped('sns:<AWS::Region>:<AWS::AccountId>:*')]:
        'An alarm may notify any topic of the account; ListSubscriptionsByTopic tells whether someone is subscribed and changes nothing.',
    });
    this.function.function.node.addDependency(audit);

    const key = props.reportBucket.encryptionKey;
    const reports = new iam.Policy(this, 'ReportsPolicy', {
      roles: [role],
      statements: [
        // The inventory's line-per-secret facts file is what the report reads (it streams where
        // latest.json, over 1 GB at 500,000 secrets, cannot be parsed); latest.json is the fallback.
        new iam.PolicyStatement({
          sid: 'ReadInputs',
          actions: ['s3:GetObject'],
          resources: [
            props.reportBucket.arnForObjects(REPORT_KEYS.inventoryFacts),
            props.reportBucket.arnForObjects(REPORT_KEYS.inventoryLatestJson),
            props.reportBucket.arnForObjects(REPORT_KEYS.complianceLatestJson),
          ],
        }),
        new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [props.reportBucket.arnForObjects('compliance/*')] }),
        // SSE-KMS: GetObject needs Decrypt, PutObject needs GenerateDataKey (S3 user guide, "Using SSE-KMS").
        ...(key ? [new iam.PolicyStatement({ sid: 'UseReportKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] })] : []),
      ],
    });
    acknowledge(reports, {
      [`AwsSolutions-IAM5[Resource::${nagResource(this, props.reportBucket.arnForObjects('compliance/*'))}]`]:
        'Each run writes new objects under compliance/ named by ISO timestamp, which cannot be known in advance; reads are limited to ' +
        `${REPORT_KEYS.inventoryFacts}, ${REPORT_KEYS.inventoryLatestJson} and ${REPORT_KEYS.complianceLatestJson}, and KMS to the report key.`,
    });
    this.function.function.node.addDependency(reports);
    grantPublishToEncryptedTopic(props.alertTopic, role);

    this.rule = new events.Rule(this, 'Schedule', {
      description: `secrets-warden ${props.environmentName}: compliance report`,
      schedule: events.Schedule.expression(props.schedule),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
  }
}
