// A small account for the inventory to scan: Secrets Manager double + Lambda/SSM/S3/CloudWatch/SNS
// doubles, with the real adapters wired as the handler wires them.
import { secretsManagerSource } from '../../../lambdas/inventory/adapters/secrets-manager';
import type { MetricDatum } from '../../../lambdas/inventory/report/metrics';
import { snsNotifier } from '../../../lambdas/shared/notifier';
import { s3ReportStore } from '../../../lambdas/shared/report-store';
import { plaintextSources } from '../../../lambdas/inventory/adapters/plaintext';
import type { RunPorts } from '../../../lambdas/inventory/run';
import type { ScanOptions } from '../../../lambdas/inventory/scan/scan';
import { inventoryBadge } from '../../../lambdas/inventory/report/badge';
import { installInventoryDoubles, type InventoryDoubles } from '../../support/inventory-doubles';
import { installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';

export const BUCKET = 'warden-prod-reports';
export const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:warden-prod-alerts';

export interface Account {
  readonly sm: InstalledSecretsManagerDouble;
  readonly aws: InventoryDoubles;
  readonly logs: string[];
  readonly sleeps: number[];
  now: Date;
  /** What the run handed to its metrics port (the handler emits them as EMF: test/unit/inventory/metrics.test.ts). */
  metrics: MetricDatum[];
  ports(): RunPorts;
  restore(): void;
}

export function account(start: Date): Account {
  const sm = installSecretsManagerDouble({ region: 'eu-west-1', account: '111111111111', now: () => acc.now });
  const aws = installInventoryDoubles({ bucket: BUCKET, topicArn: TOPIC });
  const logs: string[] = [];
  const sleeps: number[] = [];
  const acc: Account = {
    sm,
    aws,
    logs,
    sleeps,
    now: start,
    metrics: [],
    ports: () => ({
      secrets: secretsManagerSource(sm.client),
      plaintext: plaintextSources(aws.clients.lambda, aws.clients.ssm),
      reports: s3ReportStore(aws.clients.s3, BUCKET),
      metrics: { publish: (data) => void acc.metrics.push(...data) },
      notifier: snsNotifier(aws.clients.sns, TOPIC),
      badge: inventoryBadge,
      clock: { now: () => acc.now },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      log: {
        info: (message, attributes) => logs.push(JSON.stringify({ level: 'INFO', message, ...attributes })),
        warn: (message, attributes) => logs.push(JSON.stringify({ level: 'WARN', message, ...attributes })),
      },
    }),
    restore: () => {
      sm.restore();
      aws.restore();
    },
  };
  return acc;
}

export const OPTIONS: ScanOptions = { listing: { parallelism: 4 }, perSecretConcurrency: 4, region: 'eu-west-1' };
