// The compliance report reads a large inventory through its facts file, line by line from the S3
// stream, instead of parsing latest.json (over 1 GB at 500,000 secrets) as one string.
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { s3ReportStore } from '../../../lambdas/shared/report-store';
import { INVENTORY_FACTS_KEY, INVENTORY_KEY, InventoryFactsError, readInventory } from '../../../lambdas/compliance/run';
import { factsChunks } from '../../../lambdas/inventory/report/facts';
import type { InventoryReport } from '../../../contract/inventory';
import { inventory, secret } from './facts';

const BUCKET = 'warden-prod-reports';
const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
// The suite's in-process files share a worker (isolate: false): give S3Client back unmocked.
afterAll(() => s3.restore());

/** A versionless bucket whose GetObject streams the body in small chunks, as S3 does over HTTP. */
function bucket(objects: Record<string, string>, chunkBytes = 4096, readable: (key: string) => boolean = () => true): { reads: string[] } {
  const reads: string[] = [];
  s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    reads.push(input.Key);
    if (!readable(input.Key)) throw new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } });
    const body = input.Bucket === BUCKET ? objects[input.Key] : undefined;
    if (body === undefined) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    const bytes = Buffer.from(body, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunkBytes) chunks.push(bytes.subarray(i, i + chunkBytes));
    // The SDK's Node.js Body: a Readable with transformToString mixed in.
    return { Body: Object.assign(Readable.from(chunks), { transformToString: async () => body }) };
  });
  return { reads };
}

const factsOf = (report: InventoryReport): string => [...factsChunks(report)].join('');

describe('reading the inventory for the compliance report', () => {
  it('reads many records from the facts file as a stream, multi-byte names cut across chunks included, without latest.json', async () => {
    const secrets = Array.from({ length: 20_000 }, (_, i) => secret(`prod/app-${i}-größe-✓`, { owner: `team-${i % 7}` }));
    const report = inventory(secrets);
    const { reads } = bucket({ [INVENTORY_FACTS_KEY]: factsOf(report) }, 1021);

    const read = await readInventory(s3ReportStore(new S3Client({}), BUCKET));

    expect(read!.secrets).toHaveLength(20_000);
    expect(read!.secrets).toEqual(secrets);
    expect(read).toMatchObject({ schemaVersion: report.schemaVersion, generatedAt: report.generatedAt, summary: report.summary, plaintextCredentials: [] });
    expect(reads).toEqual([INVENTORY_FACTS_KEY]);
  });

  it('falls back to latest.json when the inventory wrote no facts file (earlier versions)', async () => {
    const report = inventory([secret('prod/orders-db')]);
    const { reads } = bucket({ [INVENTORY_KEY]: JSON.stringify(report) });

    const read = await readInventory(s3ReportStore(new S3Client({}), BUCKET));

    expect(read!.secrets.map((s) => s.name)).toEqual(['prod/orders-db']);
    expect(reads).toEqual([INVENTORY_FACTS_KEY, INVENTORY_KEY]);
  });

  it('falls back to latest.json when S3 answers AccessDenied for the facts file (no grant on it, or missing without s3:ListBucket)', async () => {
    const report = inventory([secret('prod/orders-db')]);
    const { reads } = bucket({ [INVENTORY_FACTS_KEY]: factsOf(report), [INVENTORY_KEY]: JSON.stringify(report) }, 4096, (key) => key === INVENTORY_KEY);

    const read = await readInventory(s3ReportStore(new S3Client({}), BUCKET));

    expect(read!.secrets.map((s) => s.name)).toEqual(['prod/orders-db']);
    expect(reads).toEqual([INVENTORY_FACTS_KEY, INVENTORY_KEY]);
  });

  it('ignores a facts file of another major schema version, as it ignores such a latest.json', async () => {
    const report = { ...inventory([secret()]), schemaVersion: '2.0' } as unknown as InventoryReport;
    bucket({ [INVENTORY_FACTS_KEY]: factsOf(report) });

    expect(await readInventory(s3ReportStore(new S3Client({}), BUCKET))).toBeNull();
  });

  it('refuses a facts file that holds fewer records than its header announces, naming the fix', async () => {
    const text = factsOf(inventory([secret('prod/a'), secret('prod/b')]));
    bucket({ [INVENTORY_FACTS_KEY]: text.split('\n').slice(0, 2).join('\n') });

    await expect(readInventory(s3ReportStore(new S3Client({}), BUCKET))).rejects.toThrow(InventoryFactsError);
    await expect(readInventory(s3ReportStore(new S3Client({}), BUCKET))).rejects.toThrow(/announces 2 secrets but holds 1; run the inventory scan again/);
  });

  it('returns null when neither file exists', async () => {
    bucket({});

    expect(await readInventory(s3ReportStore(new S3Client({}), BUCKET))).toBeNull();
  });
});
