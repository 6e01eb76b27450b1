import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInventory } from '../../../lambdas/inventory/run';
import type { InventoryReport } from '../../../contract/inventory';
import { linkedAnchors, runbookAnchors } from '../../support/runbook-anchors';
import { SUMMARY } from '../../unit/inventory/fixtures';
import { account, BUCKET, OPTIONS, type Account } from './setup';

const DAY = 86_400_000;
const T0 = new Date('2026-06-15T06:00:00.000Z');
const schema = JSON.parse(readFileSync(new URL('../../../lambdas/inventory/inventory.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const tags = (env: string, classification: string, owner: string) => ({ 'warden:environment': env, 'warden:classification': classification, 'warden:owner': owner });

let acc: Account;

/** mulberry32: a deterministic stream in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeEach(() => {
  acc = account(T0);
  const sm = acc.sm.double;
  const key = 'arn:aws:kms:eu-west-1:111111111111:key/prod';
  // Managed and healthy.
  sm.seed({ name: 'prod/orders-db', secretString: '{"password":"x"}', kmsKeyId: key, tags: tags('prod', 'critical', 'team-orders'), rotationEnabled: true,
    rotationRules: { AutomaticallyAfterDays: 30 }, lastRotatedDate: new Date(T0.getTime() - 5 * DAY), nextRotationDate: new Date(T0.getTime() + 25 * DAY),
    lastAccessedDate: new Date(T0.getTime() - DAY), createdDate: new Date(T0.getTime() - 300 * DAY) });
  // A public policy on a managed secret: critical.
  sm.seed({ name: 'prod/stripe', kmsKeyId: key, tags: { ...tags('prod', 'high', 'team-pay'), 'warden:kind': 'external', 'warden:rotate-by': '2026-12-01' },
    lastAccessedDate: new Date(T0.getTime() - DAY), createdDate: new Date(T0.getTime() - 300 * DAY),
    resourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }) });
  // Many unmanaged secrets under one long prefix (several pages, forces partition splits).
  for (let i = 0; i < 260; i += 1) {
    sm.seed({ name: `legacy/app-${String(i).padStart(3, '0')}`, kmsKeyId: key, tags: tags('prod', 'low', 'team-legacy'), rotationEnabled: true,
      rotationRules: { AutomaticallyAfterDays: 90 }, lastRotatedDate: new Date(T0.getTime() - 10 * DAY), lastAccessedDate: new Date(T0.getTime() - DAY),
      createdDate: new Date(T0.getTime() - 200 * DAY) });
  }
  // Scheduled for deletion: ListSecrets hides it unless IncludePlannedDeletion.
  sm.seed({ name: 'old-token', createdDate: new Date(T0.getTime() - 500 * DAY), deletedDate: new Date(T0.getTime() + 5 * DAY) });
  // A one-character name: found only through the exact-name lookup once "o"... splits, or its own partition.
  sm.seed({ name: 'x', kmsKeyId: key, tags: tags('prod', 'low', 'me'), createdDate: new Date(T0.getTime() - 2 * DAY) });
});

afterEach(() => acc.restore());

async function latest(): Promise<InventoryReport> {
  return JSON.parse(acc.aws.s3.text('inventory/latest.json')!) as InventoryReport;
}

describe('a scheduled inventory run', () => {
  it('records every secret exactly once, deletions included, across pages and partitions', async () => {
    const outcome = await runInventory(SUMMARY, acc.ports(), OPTIONS);

    const names = outcome.buildReport().secrets.map((s) => s.name).sort();
    expect(names).toHaveLength(acc.sm.double.arns().length);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('old-token');
    expect(names).toContain('x');
    const listCalls = acc.sm.double.calls('ListSecrets');
    expect(listCalls.every((c) => c.input.IncludePlannedDeletion === true)).toBe(true);
    const filtered = listCalls.filter((c) => c.input.Filters !== undefined);
    const prefixes = new Set(filtered.map((c) => (c.input.Filters as { Values: string[] }[])[0]!.Values[0]!));
    // One listing per possible first character, each walked by name from both ends.
    expect(prefixes.size).toBe(69);
    expect(new Set(filtered.map((c) => `${c.input.SortBy}:${c.input.SortOrder}`))).toEqual(new Set(['name:asc', 'name:desc']));
  });

  it('never reads a secret value', async () => {
    await runInventory(SUMMARY, acc.ports(), OPTIONS);

    expect(acc.sm.double.callCount('GetSecretValue')).toBe(0);
  });

  it('writes a JSON report that validates against inventory.schema.json, Markdown, latest copies and a badge', async () => {
    const outcome = await runInventory(SUMMARY, acc.ports(), OPTIONS);

    const key = `inventory/${T0.toISOString()}`;
    expect(acc.aws.s3.keys().sort()).toEqual([`${key}.json`, `${key}.md`, 'inventory/badge.svg', 'inventory/latest.json', 'inventory/latest.md', 'inventory/latest.facts.ndjson', 'inventory/state.json'].sort());
    const report = await latest();
    expect(validate(report), ajv.errorsText(validate.errors)).toBe(true);
    expect(report).toEqual(JSON.parse(JSON.stringify(outcome.buildReport())));
    expect(acc.aws.s3.text('inventory/latest.json')).not.toMatch(/\n./);
    expect(acc.aws.s3.text(`${key}.md`)).toContain('# Secrets inventory: prod');
    expect(acc.aws.s3.text('inventory/badge.svg')).toMatch(/^<svg[\s\S]*1 critical/);

    // The state: a header, then one line per secret with facts or open findings, then other findings.
    const [header, ...entries] = acc.aws.s3.text('inventory/state.json')!.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(header).toEqual({ state: 2, generatedAt: T0.toISOString() });
    const secretLines = entries.filter((e) => 'arn' in e) as { arn: string; open?: Record<string, [string, string | null]> }[];
    expect(secretLines).toHaveLength(264);
    const fromState: Record<string, string> = {};
    for (const e of secretLines) for (const [type, [first]] of Object.entries(e.open ?? {})) fromState[`${type}:${e.arn}`] = first;
    for (const e of entries.filter((x) => 'id' in x) as { id: string; open: [string, string | null] }[]) fromState[e.id] = e.open[0];
    expect(fromState).toEqual(report.firstSeen);
    expect(acc.aws.s3.text('inventory/state.json')!.length).toBeLessThan(acc.aws.s3.text('inventory/latest.json')!.length / 2);

    // The facts file for the compliance report: the report's head, then the records one per line.
    const [factsHeader, ...records] = acc.aws.s3.text('inventory/latest.facts.ndjson')!.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(factsHeader).toMatchObject({ schemaVersion: report.schemaVersion, generatedAt: report.generatedAt, summary: report.summary, plaintextCredentials: report.plaintextCredentials, records: 264 });
    expect(records).toEqual(report.secrets);
  });

  it('treats a missing state the same whether S3 answers 404 NoSuchKey (with s3:ListBucket) or 403 AccessDenied (without)', async () => {
    acc.aws.s3.listBucketGranted = true;
    const with404 = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();
    acc.aws.s3.objects.clear();
    acc.aws.s3.listBucketGranted = false;
    const with403 = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    expect(with403.newFindingIds).toEqual(with404.newFindingIds);
    expect(with403.newFindingIds.length).toBe(with403.findings.length);
  });

  it('reads the previous run from a state.json of one document, as earlier versions wrote it', async () => {
    const first = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();
    const legacy = { generatedAt: first.generatedAt, firstSeen: first.firstSeen, alertedAt: first.alertedAt, secrets: first.secrets.map((s) => ({ arn: s.arn, policy: s.policy, replicas: s.replicas, policyCheckedAt: s.policyCheckedAt })) };
    await acc.aws.s3.putObject({ Bucket: BUCKET, Key: 'inventory/state.json', Body: JSON.stringify(legacy) });
    acc.now = new Date(T0.getTime() + DAY);

    const report = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    expect(report.newFindingIds).toEqual([]);
    expect(report.scan!.policiesCarried).toBe(264);
    expect(report.firstSeen).toEqual(first.firstSeen);
  });

  it('finds what the account holds', async () => {
    const report = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    const types = (name: string) => report.findings.filter((f) => f.evidence.secret === name).map((f) => f.type).sort();
    expect(types('prod/orders-db')).toEqual([]);
    expect(types('prod/stripe')).toEqual(['public-policy']);
    expect(types('old-token')).toEqual(['pending-deletion']);
    expect(types('x')).toEqual(['not-in-catalog', 'rotation-disabled']);
    expect(report.summary.findingsByType['not-in-catalog']).toBe(261);
  });

  it('hands its metrics to the metrics port once, with the Environment dimension, and calls no CloudWatch API', async () => {
    await runInventory(SUMMARY, acc.ports(), OPTIONS);

    const data = acc.metrics;
    expect(data.find((d) => d.MetricName === 'SecretsTotal')!.Value).toBe(264);
    expect(data.find((d) => d.MetricName === 'FindingsBySeverity' && d.Dimensions.some((x) => x.Value === 'CRITICAL'))!.Value).toBe(1);
    expect(data.filter((d) => d.MetricName === 'SecretsTotal')).toHaveLength(1);
    expect(acc.aws.cloudwatch.requests).toEqual([]);
  });

  it('alerts on new findings once, stays quiet the next day, and reminds of a critical one after 7 days', async () => {
    await runInventory(SUMMARY, acc.ports(), OPTIONS);
    expect(acc.aws.sns.published).toHaveLength(1);
    expect(acc.aws.sns.published[0]!.Message).toContain('public-policy');
    expect(acc.aws.sns.published[0]!.Message).toContain('docs/runbooks.md#inventory-public-policy');
    expect(acc.aws.sns.published[0]!.Message).toContain('docs/runbooks.md#inventory-digest');
    expect(acc.aws.sns.published[0]!.Subject).toMatch(/^\[secrets-warden prod\] inventory: /);

    acc.now = new Date(T0.getTime() + DAY);
    await runInventory(SUMMARY, acc.ports(), OPTIONS);
    expect(acc.aws.sns.published).toHaveLength(1);

    acc.now = new Date(T0.getTime() + 7 * DAY);
    await runInventory(SUMMARY, acc.ports(), OPTIONS);
    expect(acc.aws.sns.published).toHaveLength(2);
    expect(acc.aws.sns.published[1]!.Message).toContain(`STILL OPEN since ${T0.toISOString()}`);
    expect((await latest()).firstSeen[`public-policy:${acc.sm.double.secret('prod/stripe')!.arn}`]).toBe(T0.toISOString());

    acc.now = new Date(T0.getTime() + 8 * DAY);
    await runInventory(SUMMARY, acc.ports(), OPTIONS);
    expect(acc.aws.sns.published).toHaveLength(2);
  });

  it('links every runbook section under the catalog\'s runbookBaseUrl in the digest and both reports', async () => {
    const base = 'https://wiki.example.com/secrets-warden/runbooks';
    const anchors = runbookAnchors();

    await runInventory({ ...SUMMARY, runbookBaseUrl: base }, acc.ports(), OPTIONS);

    const digest = acc.aws.sns.published[0]!.Message!;
    const markdown = acc.aws.s3.text('inventory/latest.md')!;
    const json = await latest();
    expect(digest).toContain(`Runbook: ${base}#inventory-digest`);
    expect(digest).toMatch(new RegExp(`CRITICAL] NEW: .*: prod/stripe .*Runbook: ${base.replace(/\./g, '\\.')}#inventory-public-policy`));
    expect(markdown).toContain(`](${base}#inventory-public-policy)`);
    for (const text of [digest, markdown]) {
      expect(text).not.toContain('docs/runbooks.md#');
      for (const anchor of linkedAnchors(text, base)) expect(anchors, anchor).toContain(anchor);
    }
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) {
      expect(f.runbook.startsWith(`${base}#inventory-`)).toBe(true);
      expect(anchors).toContain(f.runbook.split('#')[1]);
    }
    expect(validate(json), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('keeps a first-seen date per finding when one finding of a secret is carried and another is new', async () => {
    await runInventory(SUMMARY, acc.ports(), OPTIONS);
    const arn = acc.sm.double.secret('x')!.arn;
    acc.now = new Date(T0.getTime() + DAY);
    const { UntagResourceCommand } = await import('@aws-sdk/client-secrets-manager');
    await acc.sm.client.send(new UntagResourceCommand({ SecretId: 'x', TagKeys: ['warden:owner'] }));

    const report = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    expect(report.newFindingIds).toEqual([`missing-tag:${arn}`]);
    expect(report.firstSeen[`rotation-disabled:${arn}`]).toBe(T0.toISOString());
    expect(report.firstSeen[`missing-tag:${arn}`]).toBe(acc.now.toISOString());
    const written = await latest();
    expect(written.firstSeen[`rotation-disabled:${arn}`]).toBe(T0.toISOString());
    expect(written.firstSeen[`missing-tag:${arn}`]).toBe(acc.now.toISOString());
    expect(written.alertedAt![`missing-tag:${arn}`]).toBe(acc.now.toISOString());
    expect(written.alertedAt![`rotation-disabled:${arn}`]).toBe(T0.toISOString());
  });

  it('reads policies again only for secrets changed since the last run', async () => {
    await runInventory(SUMMARY, acc.ports(), OPTIONS);
    acc.sm.double.clearCalls();
    acc.now = new Date(T0.getTime() + DAY);
    await acc.sm.client.send(new (await import('@aws-sdk/client-secrets-manager')).DeleteResourcePolicyCommand({ SecretId: 'prod/stripe' }));
    acc.now = new Date(T0.getTime() + DAY + 60_000);

    const report = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    expect(acc.sm.double.calls('GetResourcePolicy').map((c) => c.input.SecretId)).toEqual([acc.sm.double.secret('prod/stripe')!.arn]);
    expect(report.scan).toMatchObject({ policyCalls: 1, policiesCarried: 263 });
    expect(report.findings.some((f) => f.type === 'public-policy')).toBe(false);
  });

  it('backs off on throttling and still records every secret', async () => {
    acc.sm.double.throttle({ rate: 0.3, random: seeded(7), operations: ['ListSecrets', 'GetResourcePolicy', 'DescribeSecret'] });

    const report = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    expect(report.summary.secrets).toBe(264);
    expect(report.summary.failedSecrets).toBe(0);
    expect(report.scan!.throttled).toBeGreaterThan(0);
    expect(acc.sleeps.length).toBe(report.scan!.throttled);
  });

  it('records a secret whose policy cannot be read instead of failing the run', async () => {
    const arn = acc.sm.double.secret('prod/orders-db')!.arn;
    const denied = Object.assign(new Error('User is not authorized to perform secretsmanager:GetResourcePolicy'), { name: 'AccessDeniedException' });
    acc.sm.double.failNext((c) => c.operation === 'GetResourcePolicy' && c.input.SecretId === arn, denied);

    const report = (await runInventory(SUMMARY, acc.ports(), OPTIONS)).buildReport();

    const record = report.secrets.find((s) => s.arn === arn)!;
    expect(record.error).toMatch(/GetResourcePolicy: User is not authorized/);
    expect(record.policyCheckedAt).toBeNull();
    expect(report.summary.failedSecrets).toBe(1);
    expect(report.findings.find((f) => f.id === `scan-error:${arn}`)).toBeDefined();
  });

  it('stops reading policies at the deadline and defers the rest to the next run', async () => {
    const report = (await runInventory(SUMMARY, acc.ports(), { ...OPTIONS, policyDeadline: T0 })).buildReport();

    expect(report.scan).toMatchObject({ policyCalls: 0, policiesDeferred: 264 });
    expect(report.secrets.every((s) => s.policy === null && s.policyCheckedAt === null)).toBe(true);
  });
});

describe('an inventory run with a finding the catalog accepts (issue 11)', () => {
  const ACCEPTED = {
    ...SUMMARY,
    acceptances: [{ secret: 'prod/stripe', finding: 'public-policy', control: null, reason: 'vendor webhook reads it, until the VPC endpoint ships', owner: 'team-pay', expires: '2026-06-20' }],
  } as const;
  const stripe = () => acc.sm.double.secret('prod/stripe')!.arn;

  it('lists it as accepted, counts, alerts and colours nothing for it, and opens it again the day after its expiry', async () => {
    const report = (await runInventory(ACCEPTED, acc.ports(), OPTIONS)).buildReport();
    const written = await latest();

    expect(report.findings.some((f) => f.type === 'public-policy')).toBe(false);
    expect(report.summary.findingsBySeverity.CRITICAL).toBe(0);
    expect(written.accepted).toMatchObject([{ type: 'public-policy', resource: stripe(), acceptance: { owner: 'team-pay', expires: '2026-06-20' } }]);
    expect(validate(written)).toBe(true);
    expect(acc.aws.sns.published.map((m) => m.Message).join('\n')).not.toContain('public-policy');
    expect(acc.aws.s3.text('inventory/latest.md')).toContain('## ACCEPTED (1)');
    expect(acc.aws.s3.text('inventory/badge.svg')).not.toContain('critical');

    acc.now = new Date('2026-06-21T06:00:00.000Z');
    const after = await runInventory(ACCEPTED, acc.ports(), OPTIONS);

    const afterReport = after.buildReport();
    expect(afterReport.findings.find((f) => f.type === 'public-policy')).toMatchObject({ resource: stripe(), evidence: { acceptanceExpired: '2026-06-20' } });
    expect(afterReport.accepted).toEqual([]);
    expect(acc.aws.sns.published.at(-1)!.Message).toContain('public-policy');
  });
});
