// Scheduled compliance report (EventBridge, on the catalog's `schedules.compliance`), wired by the
// shared handler factory: clients and the catalog summary are built once per cold start (on the
// first call, which knows the account); everything else is runCompliance's (run.ts).

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadCatalogSummary } from '../shared/catalog-summary';
import { integerEnv, requiredEnv } from '../shared/env';
import { wardenHandler } from '../shared/handler';
import { snsNotifier } from '../shared/notifier';
import { s3ReportStore } from '../shared/report-store';
import { auditConfigurationReader } from './adapters/audit-configuration-reader';
import { cloudTrailLookup } from './adapters/cloudtrail-lookup';
import { powertoolsComplianceMetrics } from './adapters/metrics';
import { complianceCatalog } from './core/catalog';
import { runCompliance, type ComplianceRunResult } from './run';

/** Time kept after the CloudTrail read to evaluate, render, write and alert. */
const PUBLISH_RESERVE_MS = 60_000;

/** `arn:aws:lambda:<region>:<account>:function:<name>` -> account. */
const accountOf = (context?: Pick<Context, 'invokedFunctionArn'>): string | null => context?.invokedFunctionArn?.split(':')[4] ?? null;

export const handler = wardenHandler(
  {
    service: 'compliance',
    initAt: 'first-call',
    init: ({ metrics }, context) => {
      const region = process.env.AWS_REGION ?? 'unknown';
      const sns = new SNSClient({});
      const summary = loadCatalogSummary(import.meta.url);
      return {
        // Role ARNs only known at deploy time (rotation functions) arrive through the environment.
        catalog: complianceCatalog(summary, (process.env.TRUSTED_PRINCIPALS ?? '').split(',').filter((p) => p !== '')),
        runbookBaseUrl: summary.runbookBaseUrl ?? null,
        run: {
          store: s3ReportStore(new S3Client({}), requiredEnv('REPORT_BUCKET')),
          auditConfiguration: auditConfigurationReader(
            { cloudTrail: new CloudTrailClient({}), logs: new CloudWatchLogsClient({}), cloudWatch: new CloudWatchClient({}), sns },
            { region, account: accountOf(context) },
          ),
          // The trail reader paces and backs off itself; SDK retries would spend the quota behind its back.
          trail: cloudTrailLookup(new CloudTrailClient({ maxAttempts: 1 })),
          pacing: { now: () => Date.now(), sleep: (ms: number) => sleep(ms).then(() => undefined), random: Math.random },
          alerts: snsNotifier(sns, requiredEnv('ALERT_TOPIC_ARN')),
          metrics: powertoolsComplianceMetrics(metrics),
          now: () => new Date(),
        },
      };
    },
  },
  async (_event: unknown, { catalog, runbookBaseUrl, run }, context, { logger }): Promise<ComplianceRunResult> => {
    const remaining = context?.getRemainingTimeInMillis() ?? 900_000;
    const budget = Math.min(integerEnv('AUDIT_TIME_BUDGET_SECONDS', 600, 10, 840) * 1000, Math.max(0, remaining - PUBLISH_RESERVE_MS));
    const { result } = await runCompliance(run, {
      catalog,
      account: accountOf(context),
      region: process.env.AWS_REGION ?? 'unknown',
      periodDays: integerEnv('AUDIT_PERIOD_DAYS', 7, 1, 90),
      bounds: { timeBudgetMs: budget, maxEvents: integerEnv('AUDIT_MAX_EVENTS', 50_000, 1, 1_000_000) },
      runbookBaseUrl,
    });
    logger.info('compliance report written', { ...result });
    return result;
  },
);
