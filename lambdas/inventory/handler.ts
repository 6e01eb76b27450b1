// Scheduled inventory scan (EventBridge), wired by the shared handler factory: clients and the
// catalog summary are built once per cold start; everything else is run.ts's and its rooms' (scan/, history/, report/).

import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadCatalogSummary } from '../shared/catalog-summary';
import { integerEnv, requiredEnv } from '../shared/env';
import { wardenHandler } from '../shared/handler';
import { snsNotifier } from '../shared/notifier';
import { s3ReportStore } from '../shared/report-store';
import { powertoolsInventoryMetrics } from './adapters/metrics';
import { plaintextSources } from './adapters/plaintext';
import { secretsManagerSource } from './adapters/secrets-manager';
import { runInventory, type RunOutcome } from './run';
import { inventoryBadge } from './report/badge';

/** Time kept after the last policy read for the findings, the reports, metrics and the digest. */
const PUBLISH_RESERVE_MS = 120_000;

/** Re-exported so the bundle test can check the summary is found beside the bundled handler. */
export { loadCatalogSummary };

export const handler = wardenHandler(
  {
    service: 'inventory',
    // The module imports without its environment (bundle tests); REPORT_BUCKET etc. are read on the first call.
    initAt: 'first-call',
    init: ({ logger, metrics }) => ({
      summary: loadCatalogSummary(import.meta.url),
      ports: {
        secrets: secretsManagerSource(new SecretsManagerClient({})),
        plaintext: process.env.SCAN_PLAINTEXT === 'false' ? null : plaintextSources(new LambdaClient({}), new SSMClient({})),
        reports: s3ReportStore(new S3Client({}), requiredEnv('REPORT_BUCKET')),
        metrics: powertoolsInventoryMetrics(metrics),
        notifier: snsNotifier(new SNSClient({}), requiredEnv('ALERT_TOPIC_ARN')),
        badge: inventoryBadge,
        clock: { now: () => new Date() },
        sleep: (ms: number) => sleep(ms),
        log: {
          info: (message: string, attributes?: Record<string, unknown>) => logger.info(message, { ...attributes }),
          warn: (message: string, attributes?: Record<string, unknown>) => logger.warn(message, { ...attributes }),
        },
      },
    }),
  },
  async (_event: unknown, { summary, ports }, context): Promise<Pick<RunOutcome, 'reportKey' | 'alerted'> & { secrets: number; findings: number }> => {
    const remaining = context?.getRemainingTimeInMillis() ?? 900_000;
    const outcome = await runInventory(summary, ports, {
      listing: { parallelism: integerEnv('LIST_PARALLELISM', 8, 1, 64) },
      perSecretConcurrency: integerEnv('PER_SECRET_CONCURRENCY', 8, 1, 64),
      policyDeadline: new Date(Date.now() + Math.max(0, remaining - PUBLISH_RESERVE_MS)),
      region: process.env.AWS_REGION ?? 'unknown',
    });
    return { reportKey: outcome.reportKey, alerted: outcome.alerted, secrets: outcome.head.summary.secrets, findings: outcome.findings };
  },
);
