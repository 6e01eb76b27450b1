import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * The baseline of every bucket warden keeps records in: SSE-KMS with a bucket key (one KMS call
 * per key period rather than per object), public access blocked, TLS only, owner-enforced objects
 * (no ACLs), versioned, server access logs to a separate bucket, kept when the stack goes.
 */
export function secureBucketProps(key: kms.IKey, accessLogs: s3.IBucket, accessLogsPrefix: string): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: accessLogsPrefix,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

/**
 * The bucket that receives another bucket's server access logs: SSE-S3, because log delivery accepts
 * no other default encryption (S3 user guide, "Enabling Amazon S3 server access logging"); otherwise
 * the same baseline, minus access logs of its own. The scope must have set
 * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` so delivery needs no ACL.
 */
export function accessLogsBucket(scope: Construct, id: string, loggedBucket: string, lifecycleRules: s3.LifecycleRule[]): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: `This bucket receives the ${loggedBucket} server access logs; logging it into itself would loop and logging it elsewhere only moves the question.`,
  });
  return bucket;
}
