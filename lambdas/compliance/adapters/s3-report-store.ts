import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { WardenError } from '../../shared/errors';

export class ReportStoreError extends WardenError {}

export interface ReportStore {
  /** The parsed JSON document at `key`; null when there is none. */
  readJson(key: string): Promise<unknown>;
  write(key: string, body: string, contentType: string): Promise<void>;
}

const isMissing = (error: unknown): boolean => error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

export function s3ReportStore(client: S3Client, bucket: string): ReportStore {
  return {
    async readJson(key) {
      let text: string;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        text = (await response.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        if (isMissing(error)) return null;
        throw new ReportStoreError(`cannot read s3://${bucket}/${key}; check the function's s3:GetObject and kms:Decrypt grants`, { cause: error });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ReportStoreError(`s3://${bucket}/${key} is not JSON; delete or replace the object`, { cause: error });
      }
    },
    async write(key, body, contentType) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            // latest.* and the badge change every run; caches must not serve yesterday's verdict.
            CacheControl: key.includes('/latest.') || key.endsWith('badge.svg') ? 'no-cache' : undefined,
          }),
        );
      } catch (error) {
        throw new ReportStoreError(`cannot write s3://${bucket}/${key}; check the function's s3:PutObject and kms:GenerateDataKey grants`, { cause: error });
      }
    },
  };
}
