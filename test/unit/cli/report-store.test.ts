// The directory report store (cli/report-store.ts) behind the same port as the S3 store: absent
// files are null, chunked bodies arrive whole, lines stream back, and failures name the path.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryReportStore, LocalReportError } from '../../../cli/report-store';
import { temporaryDirectory } from '../../support/temporary-directory';

const dir = () => temporaryDirectory('warden-store-');

describe('directoryReportStore', () => {
  it('reads nothing from an empty directory, and writes keys as paths under it', async () => {
    const root = dir();
    const store = directoryReportStore(root);
    expect(await store.readJson('inventory/latest.json')).toBeNull();
    expect(await store.readLines('inventory/state.json')).toBeNull();
    await store.write('inventory/latest.json', ['{"a":', '1}'], 'application/json');
    await store.write('inventory/state.json', (function* () {
      yield '{"state":2}\n{"arn":"x"}\n';
      yield '{"arn":"y"}';
    })(), 'application/x-ndjson');
    expect(await store.readJson('inventory/latest.json')).toEqual({ a: 1 });
    const lines: string[] = [];
    for await (const line of (await store.readLines('inventory/state.json'))!) lines.push(line);
    expect(lines).toEqual(['{"state":2}', '{"arn":"x"}', '{"arn":"y"}']);
    expect(store.written).toEqual(['inventory/latest.json', 'inventory/state.json']);
    // No temporary file is left behind.
    expect(readdirSync(join(root, 'inventory')).sort()).toEqual(['latest.json', 'state.json']);
  });

  it('names the path when a file is not JSON, a key leaves the directory, or a write fails', async () => {
    const root = dir();
    const store = directoryReportStore(root);
    writeFileSync(join(root, 'broken.json'), '{not json');
    await expect(store.readJson('broken.json')).rejects.toThrow(new RegExp(`${join(root, 'broken.json')} is not JSON`));
    await expect(store.write('../outside.json', '{}', 'application/json')).rejects.toBeInstanceOf(LocalReportError);
    expect(existsSync(join(root, '..', 'outside.json'))).toBe(false);
    // A file where a directory must go fails the write even as root.
    writeFileSync(join(root, 'compliance'), 'in the way');
    await expect(store.write('compliance/latest.json', '{}', 'application/json')).rejects.toThrow(/cannot write .*compliance\/latest.json; check that the --out directory is writable/);
    expect(readFileSync(join(root, 'broken.json'), 'utf8')).toBe('{not json');
  });
});
