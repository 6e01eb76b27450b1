// Scheduled inventory scan (EventBridge). Clients and the catalog summary are built once per cold
// start; everything else is the core's (core/run.ts).

import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { integerEnv, requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import { cloudWatchSink, s3ReportStore, snsNotifier } from './adapters/outputs';
import { plaintextSources } from './adapters/plaintext';
import { secretsManagerSource } from './adapters/secrets-manager';
import type { CatalogSummary } from '../../contract/catalog-summary';
import { loadCatalogSummary } from '../shared/catalog-summary';
import { runInventory, type RunOutcome } from './core/run';
import { inventoryBadge } from './report/badge';

const logger = createLogger('inventory');

/** Time kept after the last policy read for the findings, the reports, metrics and the digest. */
const PUBLISH_RESERVE_MS = 120_000;

/** Re-exported so the bundle test can check the summary is found beside the bundled handler. */
export { loadCatalogSummary };

let cold: { summary: CatalogSummary; clients: ReturnType<typeof buildClients> } | undefined;

function buildClients() {
  return {
    secrets: new SecretsManagerClient({}),
    lambda: new LambdaClient({}),
    ssm: new SSMClient({}),
    s3: new S3Client({}),
    cloudwatch: new CloudWatchClient({}),
    sns: new SNSClient({}),
  };
}

export async function handler(_event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<Pick<RunOutcome, 'reportKey' | 'alerted'> & { secrets: number; findings: number }> {
  cold ??= { summary: loadCatalogSummary(import.meta.url), clients: buildClients() };
  const { summary, clients } = cold;
  const remaining = context?.getRemainingTimeInMillis() ?? 900_000;
  const outcome = await runInventory(
    summary,
    {
      secrets: secretsManagerSource(clients.secrets),
      plaintext: process.env.SCAN_PLAINTEXT === 'false' ? null : plaintextSources(clients.lambda, clients.ssm),
      reports: s3ReportStore(clients.s3, requiredEnv('REPORT_BUCKET')),
      metrics: cloudWatchSink(clients.cloudwatch),
      notifier: snsNotifier(clients.sns, requiredEnv('ALERT_TOPIC_ARN')),
      badge: inventoryBadge,
      clock: { now: () => new Date() },
      sleep: (ms) => sleep(ms),
      log: { info: (message, attributes) => logger.info(message, { ...attributes }), warn: (message, attributes) => logger.warn(message, { ...attributes }) },
    },
    {
      listing: { parallelism: integerEnv('LIST_PARALLELISM', 8, 1, 64) },
      perSecretConcurrency: integerEnv('PER_SECRET_CONCURRENCY', 8, 1, 64),
      policyDeadline: new Date(Date.now() + Math.max(0, remaining - PUBLISH_RESERVE_MS)),
      region: process.env.AWS_REGION ?? 'unknown',
    },
  );
  return { reportKey: outcome.reportKey, alerted: outcome.alerted, secrets: outcome.report.summary.secrets, findings: outcome.report.findings.length };
}
