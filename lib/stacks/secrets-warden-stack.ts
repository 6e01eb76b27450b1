import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { version } from '../../package.json';
import type { Catalog, EnvironmentCatalog } from '../catalog/types';
import { AlertTopic } from '../constructs/alert-topic';
import { AuditTrail } from '../constructs/audit-trail';
import { ComplianceReport } from '../constructs/compliance-report';
import { WardenDashboard } from '../constructs/dashboard';
import { EnvironmentSecrets } from '../constructs/environment-secrets';
import { FunctionAlarms } from '../constructs/function-alarms';
import { InventoryScan } from '../constructs/inventory-scan';
import type { ManagedSecret } from '../constructs/managed-secret';
import { AuditAlarms } from '../constructs/metric-filter-alarms';
import { ReportBucket } from '../constructs/report-bucket';
import type { RotatedKind } from '../constructs/rotation-functions';
import { RotationFailureEvents } from '../constructs/rotation-failure-events';
import { deploymentRoleArn } from '../constructs/secret-access';
import { buildCatalogSummary } from '../catalog/summary';
import { MAIN_STACK, shardStackName, stackAssignment } from '../catalog/shards';
import { SecretsShardStack } from './secrets-shard-stack';

export interface SecretsWardenStackProps extends StackProps {
  /** The whole catalog: the inventory compares this environment with the others. */
  readonly catalog: Catalog;
  readonly environmentName: string;
}

/** Everything secrets-warden deploys for one environment. Composition only. */
export class SecretsWardenStack extends Stack {
  readonly catalog: EnvironmentCatalog;
  readonly environmentName: string;
  readonly secretsKey: kms.Key;
  /** By catalog name. */
  readonly secrets: ReadonlyMap<string, ManagedSecret>;
  /** By kind. */
  readonly rotationFunctions: ReadonlyMap<RotatedKind, NodejsFunction>;
  readonly alertTopic: sns.ITopic;
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The environment's shard stacks, SecretsWarden-<env>-shard-01.. (none unless the catalog sets shards). */
  readonly shards: readonly SecretsShardStack[];

  constructor(scope: Construct, id: string, props: SecretsWardenStackProps) {
    super(scope, id, props);
    const environmentName = props.environmentName;
    const view = props.catalog.forEnvironment(environmentName);
    const settings = view.environment;
    this.catalog = view;
    this.environmentName = environmentName;

    this.shards = Array.from(
      { length: settings.shards ?? 0 },
      (_, i) =>
        new SecretsShardStack(scope, shardStackName(environmentName, i + 1), {
          environmentName,
          shard: i + 1,
          env: props.env,
          description: `secrets-warden ${environmentName}: catalog secrets of shard ${i + 1} of ${settings.shards}, their access policies and rotation schedules`,
          tags: props.tags,
        }),
    );
    const assignment = stackAssignment(view);
    const secrets = new EnvironmentSecrets(this, 'Secrets', {
      catalog: view,
      scopeFor:
        this.shards.length === 0
          ? undefined
          : (entry, main) => {
              const stack = assignment.get(entry.name)!;
              return stack === MAIN_STACK ? main : this.shards[stack - 1]!.secretsScope;
            },
    });
    this.secretsKey = secrets.key;
    this.secrets = secrets.secrets;
    this.rotationFunctions = secrets.rotationFunctions;

    // Every alarm, alert and report links its docs/runbooks.md section under this URL (contract/runbook.ts).
    const runbookBaseUrl = settings.runbookBaseUrl;
    const alerts = new AlertTopic(this, 'Alerts', { environmentName, subscriptions: settings.alerts });
    this.alertTopic = alerts.topic;
    const trail = new AuditTrail(this, 'AuditTrail', { environmentName, settings: settings.audit });
    const auditAlarms = new AuditAlarms(this, 'AuditAlarms', {
      environmentName,
      secretsKeyArn: this.secretsKey.keyArn,
      automationRoleArns: [deploymentRoleArn(this), ...[...this.rotationFunctions.values()].map((fn) => fn.role!.roleArn)],
      logGroup: trail.logGroup,
      topic: alerts.topic,
      cisFilters: settings.audit.cisFilters,
      runbookBaseUrl,
    });
    const rotationFailures = new RotationFailureEvents(this, 'RotationFailures', { environmentName, topic: alerts.topic, runbookBaseUrl });
    alerts.allowEventRules(rotationFailures.rules);

    const reports = new ReportBucket(this, 'Reports', { environmentName });
    const catalogSummary = buildCatalogSummary(props.catalog, environmentName);
    const inventory = new InventoryScan(this, 'Inventory', {
      environmentName,
      catalogSummary,
      reportBucket: reports,
      alertTopic: alerts.topic,
      schedule: settings.schedules.inventory,
    });
    const compliance = new ComplianceReport(this, 'Compliance', {
      environmentName,
      reportBucket: reports.bucket,
      alertTopic: alerts.topic,
      schedule: settings.schedules.compliance,
      catalogSummary,
      trustedRoles: [...this.rotationFunctions.values()].map((fn) => fn.role!),
    });

    const watched: [string, NodejsFunction][] = [
      ...[...this.rotationFunctions].map(([kind, fn]): [string, NodejsFunction] => [`rotation-${kind}`, fn]),
      ['inventory', inventory.function.function],
      ['compliance', compliance.function.function],
    ];
    const functionAlarms = watched.map(([name, fn]) => new FunctionAlarms(this, `Alarms-${name}`, { environmentName, function: fn, name, topic: alerts.topic, runbookBaseUrl }));
    this.alarms = [...auditAlarms.alarms, ...functionAlarms.flatMap((a) => a.alarms)];
    const dashboard = new WardenDashboard(this, 'Dashboard', { environmentName, alarms: this.alarms, runbookBaseUrl });

    // What on-call and the CLI look up after `cdk deploy` (`aws cloudformation describe-stacks
    // --stack-name SecretsWarden-<env> --query Stacks[0].Outputs`); docs/runbooks.md names these.
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('ReportBucketName', reports.bucket.bucketName, `Bucket of the ${environmentName} inventory and compliance reports (inventory/latest.*, compliance/latest.*)`);
    output('AlertTopicArn', alerts.topic.topicArn, `SNS topic every ${environmentName} alarm and alert publishes to: confirm its subscriptions`);
    // `warden doctor` reports it, so "which release is deployed" needs no console.
    output('Version', version, `secrets-warden version that last deployed ${environmentName}`);
    output('DashboardUrl', `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboard.dashboard.dashboardName}`, `CloudWatch dashboard of ${environmentName}`);
    for (const [name, fn] of watched) {
      const id = name.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
      output(`${id}FunctionName`, fn.functionName, `Lambda function ${name} of ${environmentName}`);
    }
  }
}
