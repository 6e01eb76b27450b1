import { GetObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { WardenError } from '../../shared/errors';
import { linesOf } from '../../shared/lines';

export class ReportStoreError extends WardenError {}

export interface ReportStore {
  /** The parsed JSON document at `key`; null when there is none. */
  readJson(key: string): Promise<unknown>;
  /**
   * The lines of a newline-delimited object as they arrive, or null when there is none. The
   * inventory's facts file passes 1 GB at 500,000 secrets: it is never held as one string.
   */
  readLines(key: string): Promise<AsyncIterable<string> | null>;
  write(key: string, body: string, contentType: string): Promise<void>;
}

const isMissing = (error: unknown): boolean => error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

export function s3ReportStore(client: S3Client, bucket: string): ReportStore {
  /** GetObject, then `read` on the body while the stream is open; null when the object is missing. */
  async function get<T>(key: string, read: (body: GetObjectCommandOutput['Body']) => Promise<T> | T): Promise<T | null> {
    try {
      return await read((await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body);
    } catch (error) {
      if (isMissing(error)) return null;
      throw new ReportStoreError(`cannot read s3://${bucket}/${key}; check the function's s3:GetObject and kms:Decrypt grants`, { cause: error });
    }
  }
  return {
    async readJson(key) {
      const text = await get(key, async (body) => (await body?.transformToString('utf-8')) ?? '');
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ReportStoreError(`s3://${bucket}/${key} is not JSON; delete or replace the object`, { cause: error });
      }
    },
    async readLines(key) {
      const body = await get(key, (found): unknown => found);
      if (body === null) return null;
      const lines = linesFromBody(body);
      return (async function* () {
        try {
          yield* lines;
        } catch (error) {
          throw new ReportStoreError(`s3://${bucket}/${key} could not be read to the end (interrupted, or not UTF-8); run the inventory scan again`, { cause: error });
        }
      })();
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

/**
 * In Node.js the SDK's Body is a Readable (an async iterable of Buffers), cut into lines as it
 * arrives. A Body that only offers `transformToString` (other runtimes) is read whole.
 */
function linesFromBody(body: unknown): AsyncIterable<string> {
  if (body != null && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return linesOf(body as AsyncIterable<Uint8Array | string>);
  return (async function* () {
    const text = body == null ? '' : await (body as { transformToString(encoding?: string): Promise<string> }).transformToString('utf-8');
    yield* linesOf((async function* () {
      yield text;
    })());
  })();
}
