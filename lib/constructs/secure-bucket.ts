import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

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
