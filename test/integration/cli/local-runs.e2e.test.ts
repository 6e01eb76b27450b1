// `warden inventory --out DIR` and `warden report --out DIR` as subprocesses against the HTTP
// double (no S3): they write the files the functions write to the report bucket, under the same
// names, rendered by the functions' own renderers; they refuse the wrong account before touching
// anything; AWS refusals name the action; no secret value or planted credential reaches any output
// or file.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryReport } from '../../../contract/inventory';
import { buildCatalogSummary } from '../../../lib/catalog/summary';
import { loadCatalog } from '../../../lib/catalog';
import { plaintextSources } from '../../../lambdas/inventory/adapters/plaintext';
import { secretsManagerSource } from '../../../lambdas/inventory/adapters/secrets-manager';
import { runInventory } from '../../../lambdas/inventory/run';
import { inventoryBadge } from '../../../lambdas/inventory/report/badge';
import type { ComplianceReport } from '../../../lambdas/compliance/core/report';
import { renderBadge } from '../../../lambdas/compliance/render/badge';
import { renderHtml } from '../../../lambdas/compliance/render/html';
import { renderJson } from '../../../lambdas/compliance/render/json';
import { renderMarkdown as complianceMarkdown } from '../../../lambdas/compliance/render/markdown';
import type { ReportStore } from '../../../lambdas/shared/report-store';
import { PROJECT_ROOT } from '../../../lib/constructs/warden-function';
import { MUTATING_OPERATIONS } from '../../support/secrets-manager-double';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../support/secrets-manager-http';
import { fileTemporaryDirectory } from '../../support/temporary-directory';
import { warden, type WardenRun } from './support';

const canary = (label: string) => `CANARY-${label}-${Math.random().toString(36).slice(2)}Zq9`;
const SECRET_VALUE = canary('secret');
const DB_PASSWORD = canary('dbpass');
const SSM_VALUE = canary('ssm');
const CANARIES = [SECRET_VALUE, DB_PASSWORD, SSM_VALUE];
const DAY = 86_400_000;

let server: AwsHttpDouble;
const all: WardenRun[] = [];
const dirs: string[] = [];
async function run(args: string[], options: Parameters<typeof warden>[1] = {}): Promise<WardenRun> {
  const result = await warden(args, { server, ...options });
  all.push(result);
  return result;
}
/** An --out directory, kept until the canary check of afterAll below has read it. */
function tempDir(label: string): string {
  const dir = fileTemporaryDirectory(`warden-${label}-`);
  dirs.push(dir);
  return dir;
}
/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}
const stampless = (key: string) => key.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, '<stamp>');

beforeAll(async () => {
  server = await startAwsHttpDouble({ account: '111111111111', region: 'eu-west-1' });
  server.setCaller('AKIAOTHERACCOUNT0001', { account: '999999999999' });
  server.setCaller('AKIANOLISTFUNCTIONS1', { denied: ['lambda:ListFunctions'] });
  server.setCaller('AKIANOLOOKUPEVENTS01', { denied: ['cloudtrail:LookupEvents'] });
  const tags = (owner: string, classification: string, kind: string) => ({ 'warden:environment': 'dev', 'warden:owner': owner, 'warden:classification': classification, 'warden:kind': kind, 'warden:managed': 'true' });
  server.double.seed({
    name: 'dev/payments/db-app',
    secretString: JSON.stringify({ engine: 'postgres', host: 'db.internal', username: 'payments_app', password: SECRET_VALUE }),
    tags: tags('team-payments', 'high', 'postgres'),
    rotationEnabled: true,
    rotationLambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:dev-rotation-postgres',
    rotationRules: { AutomaticallyAfterDays: 30 },
    lastRotatedDate: new Date(Date.now() - 45 * DAY),
  });
  server.double.seed({ name: 'legacy/plain', secretString: SECRET_VALUE });
  server.lambda.seed({ name: 'billing', variables: { DATABASE_URL: `postgres://app:${DB_PASSWORD}@db:5432/app`, LOG_LEVEL: 'INFO' } });
  server.ssm.seed('/app/db_password', SSM_VALUE);
  server.ssm.seed('/app/log_level', 'info');
  // What `cdk deploy` left: the stack's outputs name the compliance function, whose environment holds its deploy-time settings.
  server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_COMPLETE', outputs: { ComplianceFunctionName: 'dev-compliance', Version: '0.1.0' } });
  server.functions.set('dev-compliance', {
    environment: { TRUSTED_PRINCIPALS: 'arn:aws:iam::111111111111:role/dev-rotation-postgres', AUDIT_PERIOD_DAYS: '14' },
  });
  const arn = server.double.secret('dev/payments/db-app')!.arn;
  for (const [i, who] of ['dev-rotation-postgres', 'intruder'].entries()) {
    server.trail.addEvent({
      eventVersion: '1.08', eventTime: new Date(Date.now() - (i + 1) * DAY).toISOString(), eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', eventType: 'AwsApiCall',
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::111111111111:assumed-role/${who}/session`, sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111111111111:role/${who}` } } },
      eventID: `e-${i}`, readOnly: true, requestParameters: { secretId: arn }, awsRegion: 'eu-west-1', recipientAccountId: '111111111111',
    });
  }
});

afterAll(async () => {
  await server.stop();
  // The canary: nothing any run printed or wrote holds a value.
  const written = dirs.flatMap((dir) => filesUnder(dir).map((f) => readFileSync(join(dir, f), 'utf8')));
  for (const text of [...all.flatMap((r) => [r.stdout, r.stderr]), ...written]) {
    for (const value of CANARIES) expect(text).not.toContain(value);
  }
  expect(written.length).toBeGreaterThan(0);
  // S3-free: the local runs never reached for the report bucket.
  expect(server.requests.filter((r) => r.service === 's3')).toEqual([]);
});

describe('warden inventory --out DIR (subprocess, HTTP double)', () => {
  it('writes the files the function writes to S3, under the same names, rendered by its renderers', async () => {
    const out = tempDir('inventory');
    const result = await run(['inventory', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { environment: string; account: string; files: string[]; secrets: number; findings: number; plaintextCredentials: number; failOn: null; failed: boolean };
    expect(doc).toMatchObject({ environment: 'dev', account: '111111111111', secrets: 2, plaintextCredentials: 2, failOn: null, failed: false });
    expect(doc.files.map((f) => relative(out, resolve(PROJECT_ROOT, f))).sort()).toEqual(filesUnder(out));

    // The function over the same account at the same moment, with an in-memory bucket: the same
    // keys, and every file byte for byte what the function puts in the bucket.
    const latest = readFileSync(join(out, 'inventory/latest.json'), 'utf8');
    const report = JSON.parse(latest) as InventoryReport;
    const bodies = new Map<string, string>();
    const join_ = (body: string | Iterable<string>) => (typeof body === 'string' ? body : [...body].join(''));
    const bucket: ReportStore = {
      readJson: async () => null,
      readLines: async () => null,
      write: async (key, body) => void bodies.set(key, join_(body)),
      stage: async (body) => {
        const text = join_(body);
        return { writeTo: async (key) => void bodies.set(key, text), discard: () => undefined };
      },
    };
    const config = { endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIAWARDENTEST000001', secretAccessKey: 'x' } };
    await runInventory(buildCatalogSummary(loadCatalog(join(PROJECT_ROOT, 'config/secrets.yaml')), 'dev'), {
      secrets: secretsManagerSource(new SecretsManagerClient(config)), plaintext: plaintextSources(new LambdaClient(config), new SSMClient(config)), reports: bucket, metrics: { publish: () => undefined }, notifier: { publish: async () => undefined },
      badge: inventoryBadge, clock: { now: () => new Date(report.generatedAt) }, sleep: async () => undefined, log: { info: () => undefined, warn: () => undefined },
    }, { listing: { parallelism: 8 }, perSecretConcurrency: 8, region: 'eu-west-1', account: '111111111111' });
    expect(filesUnder(out).sort()).toEqual([...bodies.keys()].sort());
    // Only what the clock measured during each run differs (the scan's duration, when policies were read).
    const unclocked = (text: string) => text.replace(/"durationMs":\d+/g, '"durationMs":0').replace(/"policyCheckedAt":"[^"]*"/g, '"policyCheckedAt":""');
    for (const [key, body] of bodies) expect(unclocked(readFileSync(join(out, key), 'utf8')), key).toBe(unclocked(body));
    expect(report.plaintextCredentials.map((c) => `${c.key}:${c.detector}`).sort()).toEqual(['/app/db_password:high-entropy-secret-name', 'DATABASE_URL:connection-string-password']);
    expect(report.findings.map((f) => f.type)).toContain('rotation-overdue');

    // A second run into the same directory continues from the first: nothing is new.
    const again = await run(['inventory', '--out', out, '--json', '--fail-on', 'high']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ newFindings: 0, failOn: 'HIGH', failed: true });
    expect(server.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation))).toEqual([]);
  });

  it('refuses another account before touching anything (exit 4) and creates nothing', async () => {
    const out = join(tempDir('wrong-account'), 'reports');
    const before = server.requests.length;
    const result = await run(['inventory', '--out', out], { accessKeyId: 'AKIAOTHERACCOUNT0001' });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/account 999999999999, but environment dev is account 111111111111/);
    expect(server.requests.slice(before).map((r) => `${r.service}:${r.operation}`)).toEqual(['sts:GetCallerIdentity']);
    expect(existsSync(out)).toBe(false);
  });

  it('without credentials: exit 3 and how to provide them', async () => {
    const out = join(tempDir('no-credentials'), 'reports');
    const result = await run(['inventory', '--out', out], { env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no AWS credentials found[\s\S]*AWS_PROFILE or --profile/);
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  });

  it('AccessDenied inside the scan names the refused action (exit 3)', async () => {
    const result = await run(['inventory', '--out', tempDir('denied')], { accessKeyId: 'AKIANOLISTFUNCTIONS1' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/AWS refused lambda:ListFunctions .*access denied\)\n.*Grant lambda:ListFunctions/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // With the plaintext scan off, the same caller succeeds.
    const without = await run(['inventory', '--out', tempDir('no-plaintext'), '--no-plaintext', '--json'], { accessKeyId: 'AKIANOLISTFUNCTIONS1' });
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout)).toMatchObject({ plaintextCredentials: 0 });
  });
});

describe('warden report --out DIR (subprocess, HTTP double)', () => {
  it('writes the compliance files the function writes to S3, from the inventory in DIR, with the deployed function\'s settings', async () => {
    const out = tempDir('report');
    expect((await run(['inventory', '--out', out])).code).toBe(0);
    const result = await run(['report', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { files: string[]; inventoryFound: boolean; settingsFrom: string; eventsRead: number; score: number | null; failed: boolean };
    expect(doc).toMatchObject({ inventoryFound: true, settingsFrom: 'deployed-function', eventsRead: 2, failed: false });
    const files = filesUnder(join(out, 'compliance')).map(stampless);
    expect(files.sort()).toEqual(['<stamp>.html', '<stamp>.json', '<stamp>.md', 'badge.svg', 'latest.html', 'latest.json', 'latest.md']);
    expect(doc.files.map((f) => relative(out, resolve(PROJECT_ROOT, f))).filter((f) => f.startsWith('compliance/')).map(stampless).sort()).toEqual(files.map((f) => `compliance/${f}`).sort());

    const latest = readFileSync(join(out, 'compliance/latest.json'), 'utf8');
    const report = JSON.parse(latest) as ComplianceReport;
    expect(latest).toBe(renderJson(report));
    expect(readFileSync(join(out, 'compliance/latest.md'), 'utf8')).toBe(complianceMarkdown(report));
    expect(readFileSync(join(out, 'compliance/latest.html'), 'utf8')).toBe(renderHtml(report, { runbookBaseUrl: buildCatalogSummary(loadCatalog(join(PROJECT_ROOT, 'config/secrets.yaml')), 'dev').runbookBaseUrl }));
    expect(readFileSync(join(out, 'compliance/badge.svg'), 'utf8')).toBe(renderBadge(report));
    expect(readFileSync(join(out, `compliance/${report.generatedAt}.html`), 'utf8')).toBe(readFileSync(join(out, 'compliance/latest.html'), 'utf8'));
    // The deployed settings: 14 days of CloudTrail, the rotation role trusted and the intruder not.
    expect(Date.parse(report.accessAudit.period.end) - Date.parse(report.accessAudit.period.start)).toBe(14 * DAY);
    expect(report.accessAudit.totals).toMatchObject({ reads: 2, unexpectedReads: 1 });
    expect(JSON.stringify(report.accessAudit)).toContain('intruder');
    expect(report.inventory.secrets).toBe(2);

    const failing = await run(['report', '--out', out, '--fail-under', '100']);
    expect(failing.code).toBe(report.score.score === 100 ? 0 : 1);
    expect(failing.stderr).toMatch(/compliance dev \(account 111111111111, eu-west-1\)/);
  });

  it('AccessDenied on CloudTrail names the action (exit 3); a missing inventory is said, not fatal; bad --days and an --out that is a file are usage errors', async () => {
    const denied = await run(['report', '--out', tempDir('report-denied')], { accessKeyId: 'AKIANOLOOKUPEVENTS01' });
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/AWS refused cloudtrail:LookupEvents .*written without the CloudTrail access audit\n.*Grant cloudtrail:LookupEvents/);
    const empty = await run(['report', '--out', tempDir('report-empty'), '--days', '3']);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toMatch(/no inventory in .*warden inventory --env dev --out/);
    const bad = await run(['report', '--out', tempDir('report-bad'), '--days', '91']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--days 91: not a number from 1 to 90');
    const file = join(tempDir('out-is-file'), 'report.txt');
    writeFileSync(file, 'not a directory');
    const notDir = await run(['inventory', '--out', file]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toMatch(/--out .*report.txt: is a file, not a directory\n.*Pass a directory/);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });
});
