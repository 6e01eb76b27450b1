import { Aws, Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CATALOG_SUMMARY_FILE, type CatalogSummary } from '../../contract/catalog-summary';
import { REPORT_KEYS } from '../../contract/reports';
import type { ReportBucket } from './report-bucket';
import { acknowledge, grantPublishToEncryptedTopic, nagResource } from '../nag';
import { WardenFunction } from './warden-function';

export interface InventoryScanProps {
  readonly environmentName: string;
  /** From lib/catalog/summary.ts (buildCatalogSummary); shipped beside the bundle. */
  readonly catalogSummary: CatalogSummary;
  readonly reportBucket: ReportBucket;
  /** The environment's alert topic: the digest of new findings goes there. */
  readonly alertTopic: sns.ITopic;
  /** EventBridge schedule expression (the catalog's `schedules.inventory`). Default `rate(1 day)`. */
  readonly schedule?: string;
  /** Default 15 minutes, the Lambda maximum: 500,000 secrets need it. */
  readonly timeout?: Duration;
  /**
   * Default 1024 MB: a run over 500,000 secrets peaks at about 830 MB (records stay in memory until
   * the reports are written; findings are rebuilt from them). Measured in docs/benchmarks.md.
   */
  readonly memorySize?: number;
  /** ListSecrets listings in flight. Default 8. */
  readonly listParallelism?: number;
  /** Starting concurrency of GetResourcePolicy/DescribeSecret; adapts to throttling. Default 8. */
  readonly perSecretConcurrency?: number;
  /** /tmp size for the report files. Default 4096 MB. */
  readonly ephemeralStorageMb?: number;
  /** Look for credentials in Lambda environments and SSM String parameters. Default true. */
  readonly scanPlaintext?: boolean;
}

/**
 * The scheduled inventory scan: a function that lists every secret of the account and region,
 * writes `inventory/*` reports to the report bucket, publishes metrics and a digest of new findings.
 * Its role reads metadata only: no GetSecretValue, no SecureString decryption.
 */
export class InventoryScan extends Construct {
  readonly function: WardenFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: InventoryScanProps) {
    super(scope, id);
    if (props.catalogSummary.environment !== props.environmentName) {
      throw new Error(`InventoryScan: catalogSummary is for environment ${props.catalogSummary.environment}, not ${props.environmentName}; build it with buildCatalogSummary(catalog, '${props.environmentName}')`);
    }
    const scanPlaintext = props.scanPlaintext ?? true;
    this.function = new WardenFunction(this, 'Function', {
      entry: 'lambdas/inventory/handler.ts',
      environmentName: props.environmentName,
      description: 'secrets-warden inventory: every secret of the account, findings, reports, metrics, digest',
      timeout: props.timeout ?? Duration.minutes(15),
      memorySize: props.memorySize ?? 1024,
      // One scan at a time: two would race on latest.json and double the alerts.
      reservedConcurrentExecutions: 1,
      environment: {
        REPORT_BUCKET: props.reportBucket.bucket.bucketName,
        ALERT_TOPIC_ARN: props.alertTopic.topicArn,
        LIST_PARALLELISM: String(props.listParallelism ?? 8),
        PER_SECRET_CONCURRENCY: String(props.perSecretConcurrency ?? 8),
        SCAN_PLAINTEXT: String(scanPlaintext),
      },
      generatedFiles: [{ to: CATALOG_SUMMARY_FILE, content: JSON.stringify(props.catalogSummary) }],
    });
    const role = this.function.role;
    // Each report file is written to /tmp before PutObject (lambdas/shared/report-store.ts), one at a time; the
    // JSON report is about 240 MB at 100,000 secrets and 1.2 GB at 500,000, past the default 512 MB.
    (this.function.function.node.defaultChild as lambda.CfnFunction).ephemeralStorage = { size: props.ephemeralStorageMb ?? 4096 };

    const secretArns = `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:*`;
    const listing = new iam.Policy(this, 'ListingPolicy', {
      roles: [role],
      statements: [
        // ListSecrets, lambda:ListFunctions and ssm:DescribeParameters support no resource-level
        // permissions (Service Authorization Reference): `*` is the only resource they accept.
        new iam.PolicyStatement({
          sid: 'ListWithoutResourceScope',
          actions: ['secretsmanager:ListSecrets', ...(scanPlaintext ? ['lambda:ListFunctions', 'ssm:DescribeParameters'] : [])],
          resources: ['*'],
        }),
        // Every secret of this account and region is in scope (the scan covers unmanaged ones too).
        new iam.PolicyStatement({
          sid: 'ReadSecretMetadata',
          actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy'],
          resources: [secretArns],
        }),
        ...(scanPlaintext
          ? [
              // String parameters only in practice: SecureString values stay encrypted without kms:Decrypt.
              new iam.PolicyStatement({
                sid: 'ReadParameters',
                actions: ['ssm:GetParameters'],
                resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter/*`],
              }),
            ]
          : []),
      ],
    });
    acknowledge(listing, {
      'AwsSolutions-IAM5[Resource::*]':
        'ListSecrets, lambda:ListFunctions and ssm:DescribeParameters accept only Resource "*" (Service Authorization Reference).',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]':
        'The inventory must read the metadata (DescribeSecret, GetResourcePolicy) of every secret of the account and region, including ' +
        'those warden did not create; neither action returns a secret value.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/*]':
        'Plaintext credentials may sit in any String parameter of the account; SecureString values stay encrypted (no kms:Decrypt, no WithDecryption).',
    });
    this.function.function.node.addDependency(listing);

    const reports = new iam.Policy(this, 'ReportsPolicy', {
      roles: [role],
      statements: [...props.reportBucket.writeStatements(REPORT_KEYS.inventoryPrefix), ...props.reportBucket.readStatements([REPORT_KEYS.inventoryState, REPORT_KEYS.inventoryLatestJson])],
    });
    acknowledge(reports, {
      [`AwsSolutions-IAM5[Resource::${nagResource(this, props.reportBucket.bucket.arnForObjects(`${REPORT_KEYS.inventoryPrefix}*`))}]`]:
        'Each run writes new objects under inventory/ whose names (ISO timestamps) cannot be known in advance; reads are limited to ' +
        'inventory/state.json and inventory/latest.json and the KMS actions to the report key.',
    });
    this.function.function.node.addDependency(reports);
    grantPublishToEncryptedTopic(props.alertTopic, role);

    this.rule = new events.Rule(this, 'Schedule', {
      description: `secrets-warden ${props.environmentName}: inventory scan`,
      schedule: events.Schedule.expression(props.schedule ?? 'rate(1 day)'),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
  }
}
