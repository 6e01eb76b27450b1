// A whole compliance run through the real adapters against the stateful doubles: the account's
// trail, filters, alarms and subscriptions; CloudTrail history; the report bucket; the alert topic.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditConfigurationReader } from '../../../lambdas/compliance/adapters/audit-configuration-reader';
import { cloudTrailLookup } from '../../../lambdas/compliance/adapters/cloudtrail-lookup';
import { snsNotifier } from '../../../lambdas/shared/notifier';
import { s3ReportStore } from '../../../lambdas/shared/report-store';
import type { ComplianceReport } from '../../../lambdas/compliance/core/report';
import { INVENTORY_FACTS_KEY, runCompliance, type ComplianceDeps, type ComplianceOptions } from '../../../lambdas/compliance/run';
import { factsChunks } from '../../../lambdas/inventory/report/facts';
import type { PlaintextCredential } from '../../../contract/inventory';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from '../../../contract/cis-patterns';
import { CloudTrailDouble, CloudWatchDouble, CloudWatchLogsDouble, S3Double, SnsDouble, fakePacing, trailRecord, type FakePacing } from '../../support/compliance-doubles';
import { ACCOUNT, READER, catalog, inventory, secret } from '../../unit/compliance/facts';

const BUCKET = 'warden-prod-reports';
const ALERTS = `arn:aws:sns:eu-west-1:${ACCOUNT}:warden-prod-alerts`;
const LOG_GROUP = 'warden-prod-trail';
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/warden-prod`;
const CANARY = 'CANARY-d41d8cd98f-value';
const schema = JSON.parse(readFileSync(new URL('../../../lambdas/compliance/compliance.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

interface World {
  pacing: FakePacing;
  trail: CloudTrailDouble;
  logs: CloudWatchLogsDouble;
  cloudWatch: CloudWatchDouble;
  sns: SnsDouble;
  s3: S3Double;
  metrics: { score: number | null; regressions: number }[];
  deps: ComplianceDeps;
}

function world(): World {
  const pacing = fakePacing(Date.parse('2026-11-21T06:00:00Z'));
  const trail = new CloudTrailDouble(pacing);
  const logs = new CloudWatchLogsDouble();
  const cloudWatch = new CloudWatchDouble();
  const sns = new SnsDouble();
  const s3 = new S3Double(BUCKET);
  trail.addTrail({
    Name: 'warden-prod',
    TrailARN: TRAIL_ARN,
    HomeRegion: 'eu-west-1',
    IsMultiRegionTrail: true,
    IsOrganizationTrail: false,
    LogFileValidationEnabled: true,
    KmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/trail`,
    CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${LOG_GROUP}:*`,
  });
  sns.createTopic(ALERTS, { confirmed: 1 });
  for (const f of CIS_METRIC_FILTERS) {
    logs.putMetricFilter(LOG_GROUP, { name: f.filterName, pattern: f.pattern, namespace: CIS_METRIC_NAMESPACE, metricName: f.metricName });
    cloudWatch.putMetricAlarm({ name: `${f.filterName}-alarm`, namespace: CIS_METRIC_NAMESPACE, metricName: f.metricName, actions: [ALERTS] });
  }
  // Unrelated alarms spread DescribeAlarms over several pages.
  for (let i = 0; i < 150; i += 1) cloudWatch.putMetricAlarm({ name: `app-${String(i).padStart(3, '0')}`, namespace: 'App', metricName: `Latency${i}`, actions: [] });
  const metrics: World['metrics'] = [];
  const deps: ComplianceDeps = {
    store: s3ReportStore(s3.client, BUCKET),
    auditConfiguration: auditConfigurationReader({ cloudTrail: trail.client, logs: logs.client, cloudWatch: cloudWatch.client, sns: sns.client }, { region: 'eu-west-1', account: ACCOUNT }),
    trail: cloudTrailLookup(trail.client),
    pacing,
    alerts: snsNotifier(sns.client, ALERTS),
    metrics: { publish: (score, regressions) => metrics.push({ score, regressions }) },
    now: () => new Date(pacing.now()),
  };
  return { pacing, trail, logs, cloudWatch, sns, s3, metrics, deps };
}

const options: ComplianceOptions = {
  catalog: catalog({ readers: { 'prod/orders-db': [READER], 'prod/api-token': [READER] } }),
  account: ACCOUNT,
  region: 'eu-west-1',
  periodDays: 7,
  bounds: { timeBudgetMs: 300_000, maxEvents: 10_000 },
};

const plaintext: PlaintextCredential = { location: 'ssm-parameter', resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/legacy/db`, key: 'legacy/db', detector: 'connection-string', prefix: 'CANA…', length: 48, fingerprint: 'CANARYfingerprnt' };

const reportIn = (s3: S3Double, key = 'compliance/latest.json'): ComplianceReport => JSON.parse(s3.text(key)) as ComplianceReport;

describe('a compliance run', () => {
  let w: World;

  beforeEach(() => {
    w = world();
    w.s3.putJson('inventory/latest.json', inventory([secret('prod/orders-db'), secret('prod/api-token', { kind: 'random' })]));
    const now = w.pacing.now();
    for (let i = 0; i < 130; i += 1) {
      w.trail.addEvent(trailRecord({ eventName: 'GetSecretValue', time: new Date(now - (i + 1) * 60_000), roleArn: READER, secretId: i % 2 ? 'prod/orders-db' : 'prod/api-token', extra: { responseElements: { secretString: CANARY } } }));
    }
  });

  it('writes the dated and latest JSON, Markdown and HTML, and the badge, with a valid JSON document', async () => {
    const { result } = await runCompliance(w.deps, options);

    const stamp = '2026-11-21T06:00:00.000Z';
    for (const ext of ['json', 'md', 'html']) {
      expect(w.s3.objects.has(`compliance/${stamp}.${ext}`)).toBe(true);
      expect(w.s3.text(`compliance/latest.${ext}`)).toBe(w.s3.text(`compliance/${stamp}.${ext}`));
    }
    expect(w.s3.objects.get('compliance/badge.svg')).toMatchObject({ contentType: 'image/svg+xml', cacheControl: 'no-cache' });
    expect(w.s3.objects.get('compliance/latest.html')!.contentType).toBe('text/html; charset=utf-8');
    expect(validate(reportIn(w.s3))).toBe(true);
    expect(result).toMatchObject({ reportKey: `compliance/${stamp}.html`, score: 100, regressions: 0, eventsRead: 130, auditTruncated: false, inventoryFound: true, alerted: false });
    expect(w.metrics).toEqual([{ score: 100, regressions: 0 }]);
  });

  it('judges the CIS controls on the account as its APIs describe it', async () => {
    await runCompliance(w.deps, options);

    const controls = reportIn(w.s3).controls;
    expect(controls.filter((c) => c.id.startsWith('CloudWatch.')).map((c) => c.status)).toEqual(Array(14).fill('COMPLIANT'));
    expect(controls.find((c) => c.id === 'CloudTrail.1')!.status).toBe('COMPLIANT');
  });

  it('counts reads per secret and principal across LookupEvents pages', async () => {
    await runCompliance(w.deps, options);

    const audit = reportIn(w.s3).accessAudit;
    expect(audit).toMatchObject({ eventsRead: 130, requests: 3, truncated: false });
    expect(audit.secrets.map((s) => [s.name, s.reads])).toEqual([
      ['prod/api-token', [{ principal: READER, count: 65 }]],
      ['prod/orders-db', [{ principal: READER, count: 65 }]],
    ]);
  });

  it('alerts once when a control regresses, naming environment, control, resources and runbook', async () => {
    await runCompliance(w.deps, options);
    w.pacing.advance(7 * 86_400_000);
    w.s3.putJson('inventory/latest.json', inventory([secret('prod/orders-db', { rotation: { enabled: false } }), secret('prod/api-token')]));
    w.sns.createTopic(ALERTS, { confirmed: 0, pending: 1 });

    const { result } = await runCompliance(w.deps, options);

    expect(result.regressions).toBe(15);
    expect(w.sns.published).toHaveLength(1);
    const { Subject, Message } = w.sns.published[0]!;
    expect(Subject).toBe('[secrets-warden prod] 15 compliance control(s) regressed');
    expect(Message).toContain('Environment: prod');
    expect(Message).toMatch(/Control SecretsManager\.1: .*\n {2}Resources \(1\): prod\/orders-db\n {2}Runbook: docs\/runbooks\.md#compliance-secretsmanager-1/);
    expect(Message).toContain('Control CloudWatch.1:');
    expect(reportIn(w.s3).trend!.previousGeneratedAt).toBe('2026-11-21T06:00:00.000Z');
    expect(w.metrics[1]).toEqual({ score: expect.any(Number), regressions: 15 });
  });

  it('does not alert again when the same controls are still failing', async () => {
    w.s3.putJson('inventory/latest.json', inventory([secret('prod/orders-db', { rotation: { enabled: false } })]));
    await runCompliance(w.deps, options);
    w.pacing.advance(7 * 86_400_000);

    await runCompliance(w.deps, options);

    expect(w.sns.published).toHaveLength(0);
  });

  it('still reports, labelled as cut short, when CloudTrail throttles past every retry', async () => {
    w.trail.forceThrottles = 1_000;

    const { result } = await runCompliance(w.deps, { ...options, bounds: { ...options.bounds, maxAttempts: 3 } });

    expect(result.auditTruncated).toBe(true);
    expect(reportIn(w.s3).accessAudit).toMatchObject({ truncated: true, truncatedReason: 'throttling', available: false });
    expect(reportIn(w.s3).controls.find((c) => c.id === 'reads-by-catalog-readers')!.status).toBe('NOT_APPLICABLE');
  });

  it('reads the inventory from its facts file, line by line, ahead of latest.json', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => secret(`prod/svc-${i}`, i % 3 === 0 ? { rotation: { enabled: false } } : {}));
    w.s3.objects.set(INVENTORY_FACTS_KEY, { body: [...factsChunks(inventory(many))].join(''), contentType: 'application/x-ndjson' });

    const { result, report } = await runCompliance(w.deps, options);

    expect(result.inventoryFound).toBe(true);
    expect(report.inventory.secrets).toBe(3000);
    const rotation = report.controls.find((c) => c.id === 'SecretsManager.1')!;
    expect(rotation.status).toBe('NON_COMPLIANT');
    expect(rotation.counts).toEqual({ compliant: 2000, nonCompliant: 1000, notApplicable: 0, accepted: 0 });
  });

  it('reports without an inventory, marking secret controls not applicable', async () => {
    w.s3.objects.delete('inventory/latest.json');

    const { result } = await runCompliance(w.deps, options);

    expect(result.inventoryFound).toBe(false);
    expect(reportIn(w.s3).controls.find((c) => c.id === 'SecretsManager.1')!.status).toBe('NOT_APPLICABLE');
  });

  it('canary: no value from CloudTrail events or the inventory reaches any output', async () => {
    w.s3.putJson('inventory/latest.json', inventory([secret('prod/orders-db')], [plaintext]));

    await runCompliance(w.deps, options);
    w.pacing.advance(86_400_000);
    w.s3.putJson('inventory/latest.json', inventory([secret('prod/orders-db', { rotation: { enabled: false } })], [plaintext]));
    await runCompliance(w.deps, options);

    const outputs = [...w.s3.objects].filter(([key]) => key.startsWith('compliance/')).map(([, o]) => o.body);
    const everything = [...outputs, ...w.sns.published.map((p) => `${p.Subject} ${p.Message}`), JSON.stringify(w.metrics)].join('\n');
    expect(outputs.length).toBeGreaterThan(0);
    expect(everything).toContain('legacy/db');
    for (const planted of [CANARY, 'CANA…', 'CANARYfingerprnt']) expect(everything).not.toContain(planted);
  });
});
