// Plants credentials where the inventory looks (Lambda environment, SSM String parameters) and
// values in secrets, runs the real handler, and proves none of them reaches the records, the
// reports, a log line, a metric or the alert.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUMMARY } from '../../unit/inventory/fixtures';
import { installInventoryDoubles, type InventoryDoubles } from '../../support/inventory-doubles';
import { installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { temporaryDirectory } from '../../support/temporary-directory';
import { BUCKET, TOPIC } from './setup';

const canary = (label: string) => `canary-${label}-${Math.random().toString(36).slice(2)}Zq9`;
const AWS_KEY = ['AKIA', 'Q', Math.random().toString(36).slice(2, 17).toUpperCase().padEnd(15, 'X')].join('');
const DB_PASSWORD = canary('dbpass');
const API_TOKEN = canary('token');
const SSM_SECRET = canary('ssm');
const SECURE = canary('secure');
const SECRET_VALUE = canary('secret-value');
const CANARIES = [AWS_KEY, DB_PASSWORD, API_TOKEN, SSM_SECRET, SECURE, SECRET_VALUE];

let sm: InstalledSecretsManagerDouble;
let aws: InventoryDoubles;
let output: string[];

beforeEach(() => {
  sm = installSecretsManagerDouble({ region: 'eu-west-1', account: '111111111111' });
  aws = installInventoryDoubles({ bucket: BUCKET, topicArn: TOPIC });
  sm.double.seed({ name: 'prod/orders-db', secretString: JSON.stringify({ password: SECRET_VALUE }), tags: { 'warden:environment': 'prod' } });
  aws.lambda.seed({ name: 'billing', variables: { AWS_ACCESS_KEY_ID: AWS_KEY, DATABASE_URL: `postgres://app:${DB_PASSWORD}@db:5432/app`, LOG_LEVEL: 'INFO' } });
  aws.lambda.seed({ name: 'notifier', variables: { SLACK_API_TOKEN: API_TOKEN } });
  aws.lambda.seed({ name: 'no-env' });
  for (let i = 0; i < 60; i += 1) aws.ssm.seed(`/app/setting-${i}`, `value-${i}`);
  aws.ssm.seed('/app/db_password', SSM_SECRET);
  aws.ssm.seed('/app/secure_password', SECURE, 'SecureString');

  const dir = temporaryDirectory('inventory-canary-');
  writeFileSync(join(dir, 'catalog-summary.json'), JSON.stringify(SUMMARY));
  vi.stubEnv('CATALOG_SUMMARY_PATH', join(dir, 'catalog-summary.json'));
  vi.stubEnv('REPORT_BUCKET', BUCKET);
  vi.stubEnv('ALERT_TOPIC_ARN', TOPIC);
  vi.stubEnv('WARDEN_ENVIRONMENT', 'prod');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  output = [];
  const capture = (chunk: unknown): boolean => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.map(String).join(' ')));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  sm.restore();
  aws.restore();
});

describe('plaintext credentials never leave the scan', () => {
  it('reports each planted credential redacted, and no value reaches the reports, logs, metrics or alert', async () => {
    // The handler reads its environment at import; files share a worker's modules (vitest.config.ts).
    vi.resetModules();
    const { handler } = await import('../../../lambdas/inventory/handler');

    const result = await handler({}, { getRemainingTimeInMillis: () => 600_000 } as never);

    const report = JSON.parse(aws.s3.text('inventory/latest.json')!) as { plaintextCredentials: { key: string; detector: string; prefix: string }[] };
    expect(report.plaintextCredentials.map((c) => `${c.key}:${c.detector}`).sort()).toEqual([
      '/app/db_password:high-entropy-secret-name',
      'AWS_ACCESS_KEY_ID:aws-access-key-id',
      'DATABASE_URL:connection-string-password',
      'SLACK_API_TOKEN:high-entropy-secret-name',
    ]);
    expect(result.findings).toBeGreaterThan(0);
    expect(aws.sns.published).toHaveLength(1);
    expect(aws.sns.published[0]!.Message).toContain('plaintext-credential');
    expect(output.join('')).toContain('inventory scanned');
    const everything = [
      ...aws.s3.keys().map((k) => aws.s3.text(k)!),
      ...aws.sns.published.map((p) => `${p.Subject} ${p.Message}`),
      JSON.stringify(aws.cloudwatch.requests),
      output.join('\n'),
      JSON.stringify(result),
    ].join('\n');
    for (const value of CANARIES) expect(everything).not.toContain(value);
    expect(sm.double.callCount('GetSecretValue')).toBe(0);
  });
});
