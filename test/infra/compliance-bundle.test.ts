// The compliance function really bundled by the local esbuild (no Docker), as CDK does on deploy:
// ESM for nodejs24.x with the catalog summary written beside the handler, and loadable.
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ComplianceReport } from '../../lib/constructs/compliance-report';
import { SUMMARY } from '../unit/inventory/fixtures';
import { probeBundle, testApp } from './support';

let bundleDir: string;

beforeAll(() => {
  const app = testApp();
  const stack = new Stack(app, 'Bundled');
  new ComplianceReport(stack, 'Compliance', {
    environmentName: 'prod',
    reportBucket: new s3.Bucket(stack, 'Reports'),
    alertTopic: new sns.Topic(stack, 'Alerts'),
    schedule: 'cron(0 6 ? * MON *)',
    catalogSummary: SUMMARY,
  });
  const assembly = app.synth();
  const dirs = readdirSync(assembly.directory).filter((d) => d.startsWith('asset.')).map((d) => join(assembly.directory, d));
  bundleDir = dirs.find((d) => existsSync(join(d, 'catalog-summary.json')) && readFileSync(join(d, 'index.mjs'), 'utf8').includes('compliance'))!;
}, 120_000);

describe('the compliance bundle', () => {
  it('holds the ESM handler and the catalog summary beside it', () => {
    expect(existsSync(join(bundleDir, 'index.mjs'))).toBe(true);
    expect(JSON.parse(readFileSync(join(bundleDir, 'catalog-summary.json'), 'utf8'))).toEqual(SUMMARY);
  });

  it('loads without touching AWS and exports the handler', () => {
    expect(probeBundle(join(bundleDir, 'index.mjs'), 'typeof mod.handler')).toBe('function');
  });
});
