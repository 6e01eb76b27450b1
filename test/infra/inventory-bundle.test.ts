// The inventory function really bundled (local esbuild, ESM): the catalog summary lands beside the
// handler, where the handler's default path finds it.
import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InventoryScan } from '../../lib/constructs/inventory-scan';
import { ReportBucket } from '../../lib/constructs/report-bucket';
import { SUMMARY } from '../unit/inventory/fixtures';
import { probeBundle, testApp } from './support';

let bundle: string;

beforeAll(() => {
  const app = testApp();
  const stack = new Stack(app, 'InventoryBundle');
  const reports = new ReportBucket(stack, 'Reports', { environmentName: 'prod' });
  const scan = new InventoryScan(stack, 'Inventory', { environmentName: 'prod', catalogSummary: SUMMARY, reportBucket: reports, alertTopic: new sns.Topic(stack, 'Alerts') });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Properties: { Code: { S3Key: string } } }> };
  const { S3Key } = template.Resources[stack.getLogicalId(scan.function.function.node.defaultChild as never)]!.Properties.Code;
  bundle = join(assembly.directory, `asset.${S3Key.replace(/\.zip$/, '')}`);
}, 240_000);

describe('the inventory bundle', () => {
  it('is one ESM file with the catalog summary beside it', () => {
    expect(existsSync(join(bundle, 'index.mjs'))).toBe(true);
    expect(JSON.parse(readFileSync(join(bundle, 'catalog-summary.json'), 'utf8'))).toEqual(SUMMARY);
  });

  it('finds the summary from the bundled handler by its default path', () => {
    expect(probeBundle(join(bundle, 'index.mjs'), 'mod.loadCatalogSummary(url)')).toEqual(SUMMARY);
  });
});
