// The one report store of every function: the environment's report bucket behind a port, with one
// error behaviour (a missing object is null; anything else is a ReportStoreError naming the
// object and the grant to check, with the SDK's or the parser's error as its cause).

import { GetObjectCommand, PutObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WardenError } from './errors';
import { linesOf } from './lines';

class ReportStoreError extends WardenError {}

export interface ReportStore {
  /** The parsed JSON document at `key`; null when there is none. */
  readJson<T = unknown>(key: string): Promise<T | null>;
  /**
   * The lines of a newline-delimited object as they arrive (never the whole object as one string),
   * or null when there is none: the inventory's facts file passes 300 MB at 500,000 secrets.
   */
  readLines(key: string): Promise<AsyncIterable<string> | null>;
  /** Writes a document; `body` may come in chunks (large JSON reports). */
  write(key: string, body: string | Iterable<string>, contentType: string): Promise<void>;
  /**
   * Produces a chunked document once and holds it (in a temporary file) until `discard`: a document
   * written under two keys at different moments (the inventory's timestamped and latest report) is
   * generated once, not twice.
   */
  stage(body: Iterable<string>, contentType: string): Promise<StagedDocument>;
}

/** A document produced once, written under any number of keys. */
interface StagedDocument {
  writeTo(key: string): Promise<void>;
  discard(): void;
}

/**
 * A missing object. Without s3:ListBucket, S3 answers GetObject on a missing key with 403
 * AccessDenied instead of 404 NoSuchKey (GetObject API reference, "Permissions"); the functions may
 * only GetObject named keys (lib/constructs/inventory-scan.ts, compliance-report.ts), so on a first
 * run AccessDenied is what "not there yet" looks like. A real grant problem then shows as every
 * finding being new in the inventory digest, and as "no inventory" in the compliance report.
 */
function isAbsent(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'AccessDenied';
}

/** Writes `chunks` to `file` as they come (never as one string), honouring back-pressure. */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file, { mode: 0o644 });
  const closed = once(out, 'close');
  // Awaited below; an early 'error' rejects the write loop first and must not go unhandled here.
  closed.catch(() => undefined);
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await closed;
}

export function s3ReportStore(client: S3Client, bucket: string): ReportStore {
  const where = (key: string) => `s3://${bucket}/${key}`;
  /** GetObject, then `read` on the body while the stream is open; null when the object is absent. */
  async function get<T>(key: string, read: (body: GetObjectCommandOutput['Body']) => Promise<T> | T): Promise<T | null> {
    try {
      return await read((await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body);
    } catch (error) {
      if (isAbsent(error)) return null;
      throw new ReportStoreError(`cannot read ${where(key)}; check the function's s3:GetObject and kms:Decrypt grants`, { cause: error });
    }
  }
  async function put(key: string, body: string | NodeJS.ReadableStream, contentType: string, length?: number) {
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body as string,
          ContentLength: length,
          ContentType: contentType,
          // latest.* and the badges change every run; caches must not serve yesterday's verdict.
          CacheControl: key.includes('/latest.') || key.endsWith('badge.svg') ? 'no-cache' : undefined,
        }),
      );
    } catch (error) {
      throw new ReportStoreError(`cannot write ${where(key)}; check the function's s3:PutObject and kms:GenerateDataKey grants`, { cause: error });
    }
  }
  async function stage(body: Iterable<string>, contentType: string): Promise<StagedDocument> {
    // A chunked report goes through a temporary file: PutObject needs its length up front, and
    // the whole document as one string would not fit the function's memory at 500,000 secrets.
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const file = join(dir, 'report');
    try {
      await writeChunks(file, body);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const length = statSync(file).size;
    return {
      writeTo: (key) => put(key, createReadStream(file), contentType, length),
      discard: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  return {
    async readJson<T>(key: string): Promise<T | null> {
      const text = await get(key, async (body) => (await body?.transformToString('utf-8')) ?? '');
      if (text === null || text === '') return null;
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new ReportStoreError(`${where(key)} is not JSON; delete or replace the object`, { cause: error });
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
          throw new ReportStoreError(`${where(key)} could not be read to the end (interrupted, or not UTF-8); run the function again`, { cause: error });
        }
      })();
    },
    async write(key, body, contentType) {
      if (typeof body === 'string') return put(key, body, contentType);
      const staged = await stage(body, contentType);
      try {
        await staged.writeTo(key);
      } finally {
        staged.discard();
      }
    },
    stage,
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
