import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogsBucket, secureBucketProps } from './secure-bucket';

export interface ReportBucketProps {
  readonly environmentName: string;
  /** Key for the reports. Default: a key of its own, rotated yearly. */
  readonly encryptionKey?: kms.IKey;
  /** Days a timestamped report is kept (`latest.*` is overwritten each run). Default 400: a year of audits plus margin. */
  readonly reportRetentionDays?: number;
  /** Days an overwritten or deleted report version is kept. Default 90. */
  readonly noncurrentVersionDays?: number;
  /** Days server access logs are kept. Default 365. */
  readonly accessLogRetentionDays?: number;
}

/**
 * The environment's report bucket: inventory and compliance reports (`inventory/`, `compliance/`).
 * KMS-encrypted with a bucket key, versioned, TLS only, no public access, owner-enforced objects,
 * lifecycle rules, and server access logs in a bucket of their own.
 */
export class ReportBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.IKey;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportBucketProps) {
    super(scope, id);
    // Log delivery is granted by a bucket policy on the log bucket instead of the LogDeliveryWrite
    // ACL, which owner-enforced object ownership (ACLs disabled) would refuse.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `secrets-warden ${props.environmentName}: encrypts inventory and compliance reports`,
        enableKeyRotation: true,
        pendingWindow: Duration.days(30),
        removalPolicy: RemovalPolicy.RETAIN,
      });

    this.accessLogs = accessLogsBucket(this, 'AccessLogs', 'report bucket', [
      {
        id: 'expire-access-logs',
        expiration: Duration.days(props.accessLogRetentionDays ?? 365),
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ]);

    const reportDays = props.reportRetentionDays ?? 400;
    const noncurrentDays = props.noncurrentVersionDays ?? 90;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps(this.key, this.accessLogs, 'report-bucket/'),
      lifecycleRules: [
        // Timestamped reports expire; `latest.*` and the badge are rewritten every run, so only their
        // old versions go (the noncurrent rule below).
        { id: 'expire-inventory-reports', prefix: 'inventory/2', expiration: Duration.days(reportDays) },
        { id: 'expire-compliance-reports', prefix: 'compliance/2', expiration: Duration.days(reportDays) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(noncurrentDays), expiredObjectDeleteMarker: true },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
  }

  /** PutObject under `prefix` (e.g. `inventory/`), with the key to encrypt: for a policy of the writer's own. */
  writeStatements(prefix: string): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${prefix}*`)] }),
      // SSE-KMS uploads need GenerateDataKey (and Decrypt for multipart uploads): S3 user guide, "Using SSE-KMS".
      new iam.PolicyStatement({ sid: 'EncryptReports', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }),
    ];
  }

  /** GetObject on keys or key patterns (e.g. `inventory/latest.json`), with the key to decrypt. */
  readStatements(keyPatterns: string | readonly string[]): iam.PolicyStatement[] {
    const patterns = typeof keyPatterns === 'string' ? [keyPatterns] : keyPatterns;
    return [
      new iam.PolicyStatement({ sid: 'ReadReports', actions: ['s3:GetObject'], resources: patterns.map((k) => this.bucket.arnForObjects(k)) }),
      new iam.PolicyStatement({ sid: 'DecryptReports', actions: ['kms:Decrypt'], resources: [this.key.keyArn] }),
    ];
  }
}
