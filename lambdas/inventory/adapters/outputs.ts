// The report bucket, CloudWatch and SNS behind the core's ports.

import { PutMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { linesOf } from '../../shared/lines';
import type { MetricsSink, Notifier, ReportStore } from '../core/ports';

/**
 * A missing object. Without s3:ListBucket, S3 answers GetObject on a missing key with 403
 * AccessDenied instead of 404 NoSuchKey (GetObject API reference, "Permissions"); the function may
 * only GetObject its own state and latest.json (lib/constructs/inventory-scan.ts), so on the first
 * run AccessDenied is what "no previous state" looks like. A real grant problem then shows as every
 * finding being new, every day, in the digest.
 */
function isAbsent(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'NoSuchKey' || name === 'AccessDenied';
}

export function s3ReportStore(s3: S3Client, bucket: string): ReportStore {
  /** GetObject, or null when the object is absent. */
  const get = async (key: string) => {
    try {
      return await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
  };
  return {
    async readJson<T>(key: string): Promise<T | null> {
      const out = await get(key);
      const text = await out?.Body?.transformToString('utf8');
      return text ? (JSON.parse(text) as T) : null;
    },
    async readLines(key: string): Promise<AsyncIterable<string> | null> {
      const out = await get(key);
      if (out === null) return null;
      // In Node.js the SDK's Body is a Readable (an async iterable of Buffers): lines are cut from
      // it as it arrives, so no more than one chunk and one line are held at a time.
      if (out.Body == null) return (async function* () {})();
      return linesOf(out.Body as unknown as AsyncIterable<Uint8Array | string>);
    },
    async write(key, body, contentType) {
      if (typeof body === 'string') {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
        return;
      }
      // A chunked report goes through a temporary file: PutObject needs its length up front, and
      // the whole document as one string would not fit the function's memory at 500,000 secrets.
      const dir = mkdtempSync(join(tmpdir(), 'inventory-'));
      const file = join(dir, 'report');
      try {
        const out = createWriteStream(file);
        for (const chunk of body) if (!out.write(chunk)) await once(out, 'drain');
        out.end();
        await once(out, 'close');
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: statSync(file).size, ContentType: contentType }),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function cloudWatchSink(cloudwatch: CloudWatchClient): MetricsSink {
  return {
    async put(batch) {
      await cloudwatch.send(new PutMetricDataCommand({ Namespace: batch.Namespace, MetricData: batch.MetricData.map((d) => ({ ...d, Dimensions: [...d.Dimensions] })) }));
    },
  };
}

export function snsNotifier(sns: SNSClient, topicArn: string): Notifier {
  return {
    async publish(subject, message) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}

