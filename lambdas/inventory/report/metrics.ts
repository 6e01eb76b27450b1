// The inventory's metrics, emitted as EMF by the handler (adapters/metrics.ts). Every datum carries
// the Environment dimension; the by-severity and by-type counts add one more.

import { METRIC } from '../../../contract/metrics';
import { FINDING_TYPES, type InventoryReport } from '../../../contract/inventory';
import { SEVERITIES } from '../../shared/checks/severity';
import type { MetricDatum } from '../ports';

export type { MetricDatum };

/** The report's head and the number of new findings (a count: the ids need not be held). */
type MetricsSource = Pick<InventoryReport, 'generatedAt' | 'environment' | 'summary'> & { readonly newFindingIds: { readonly length: number } };

export function inventoryMetrics(report: MetricsSource): MetricDatum[] {
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
