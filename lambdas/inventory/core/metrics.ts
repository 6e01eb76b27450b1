// Metric data for PutMetricData, batched within the API's limits: at most 1000 metrics per
// request and 1 MB per request body (CloudWatch API reference, PutMetricData). Every datum
// carries the Environment dimension; the by-severity and by-type counts add one more (30 allowed).

import { METRIC, METRIC_NAMESPACE } from '../../../contract/metrics';
import type { FindingType, InventoryReport } from './record';
import { SEVERITIES } from '../../shared/checks/severity';

export const MAX_METRICS_PER_REQUEST = 1000;
export const MAX_REQUEST_BYTES = 1_000_000;

export const FINDING_TYPES: readonly FindingType[] = [
  'rotation-disabled', 'rotation-overdue', 'rotation-never-succeeded', 'unused', 'default-kms-key', 'missing-tag',
  'public-policy', 'cross-account-policy', 'other-environment-access', 'pending-deletion', 'external-rotation-due',
  'plaintext-credential', 'not-in-catalog', 'scan-error',
];

export interface MetricDatum {
  readonly MetricName: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly Value: number;
  readonly Unit: 'Count';
  readonly Timestamp: Date;
}

export function inventoryMetrics(report: InventoryReport): MetricDatum[] {
  const timestamp = new Date(report.generatedAt);
  const env = { Name: 'Environment', Value: report.environment };
  const datum = (name: string, value: number, extra?: { Name: string; Value: string }): MetricDatum => ({
    MetricName: name,
    Dimensions: extra ? [env, extra] : [env],
    Value: value,
    Unit: 'Count',
    Timestamp: timestamp,
  });
  return [
    datum(METRIC.inventorySecrets, report.summary.secrets),
    datum(METRIC.inventoryFailedSecrets, report.summary.failedSecrets),
    datum(METRIC.newFindings, report.newFindingIds.length),
    // Zeros are published too, so an alarm on a count sees it fall back to 0 instead of missing data.
    ...SEVERITIES.map((s) => datum(METRIC.findingsBySeverity, report.summary.findingsBySeverity[s], { Name: 'Severity', Value: s })),
    ...FINDING_TYPES.map((t) => datum(METRIC.findingsByType, report.summary.findingsByType[t] ?? 0, { Name: 'FindingType', Value: t })),
  ];
}

/** Splits data into PutMetricData requests that respect the count and (estimated) size limits. */
export function batchMetricData(data: readonly MetricDatum[], maxPerRequest = MAX_METRICS_PER_REQUEST): { Namespace: string; MetricData: MetricDatum[] }[] {
  const batches: { Namespace: string; MetricData: MetricDatum[] }[] = [];
  let current: MetricDatum[] = [];
  let bytes = 0;
  for (const datum of data) {
    // The query-protocol body is larger than JSON; 4x the JSON size is a safe over-estimate.
    const size = JSON.stringify(datum).length * 4;
    if (current.length > 0 && (current.length >= maxPerRequest || bytes + size > MAX_REQUEST_BYTES)) {
      batches.push({ Namespace: METRIC_NAMESPACE, MetricData: current });
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) batches.push({ Namespace: METRIC_NAMESPACE, MetricData: current });
  return batches;
}
