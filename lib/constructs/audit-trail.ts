import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogsBucket, secureBucketProps } from './secure-bucket';
import type { AuditSettings } from '../catalog/types';

export interface AuditTrailProps {
  readonly environmentName: string;
  readonly settings: AuditSettings;
}

/** CloudWatch Logs accepts only these retention values (PutRetentionPolicy). */
const RETENTION_DAYS = Object.values(logs.RetentionDays).filter(
  (v): v is logs.RetentionDays => typeof v === 'number' && v > 0 && v !== logs.RetentionDays.INFINITE,
);

/** The smallest allowed retention that keeps logs at least `days` days. */
export function retentionFor(days: number): logs.RetentionDays {
  const allowed = RETENTION_DAYS.filter((d) => d >= days).sort((a, b) => a - b);
  return allowed[0] ?? logs.RetentionDays.TEN_YEARS;
}

/**
 * Where the environment's CloudTrail events land in CloudWatch Logs, for the metric filters.
 *
 * Either a new multi-region trail (log file validation, KMS-encrypted, S3 bucket with TLS-only
 * policy, public access blocked and server access logs, delivery to a log group with the catalog's
 * retention), or, when the catalog names `existingTrailLogGroup` (an organisation trail), that log
 * group imported by name: nothing is created then.
 */
export class AuditTrail extends Construct {
  readonly logGroup: logs.ILogGroup;
  readonly trail?: cloudtrail.Trail;
  readonly bucket?: s3.Bucket;
  readonly key?: kms.Key;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const existing = props.settings.existingTrailLogGroup;
    if (existing !== undefined && existing !== '') {
      this.logGroup = logs.LogGroup.fromLogGroupName(this, 'TrailLogs', existing);
      return;
    }

    const env = props.environmentName;
    // Server access logs are delivered by the logging service principal under a bucket policy
    // rather than the LogDeliveryWrite ACL, so both buckets can keep ACLs disabled (S3 User Guide,
    // "Enabling Amazon S3 server access logging", bucket policy method).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.key = new kms.Key(this, 'Key', {
      description: `secrets-warden ${env}: encrypts CloudTrail log files and their CloudWatch Logs copy`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch Logs encrypts the log group with the key (CloudWatch Logs User Guide, "Encrypt log
    // data in CloudWatch Logs using AWS KMS"): the regional service principal, bound to log groups
    // of this account through the encryption context.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsUseKey',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
      }),
    );

    // CloudTrail encrypts log files with the key (CloudTrail User Guide, "Configure AWS KMS key
    // policies for CloudTrail"): GenerateDataKey* for this account's trails only, DescribeKey.
    const trailArnPattern = `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*`;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptLogs',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArnPattern },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribeKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );

    const accessLogs = accessLogsBucket(this, 'AccessLogs', 'trail bucket', [
      { expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
    ]);

    this.bucket = new s3.Bucket(this, 'Bucket', secureBucketProps(this.key, accessLogs, 'trail-bucket/'));

    const logGroup = new logs.LogGroup(this, 'TrailLogs', {
      retention: retentionFor(props.settings.logRetentionDays),
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroup = logGroup;

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: `secrets-warden-${env}`,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      enableFileValidation: true,
      encryptionKey: this.key,
      bucket: this.bucket,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
    });
  }
}
