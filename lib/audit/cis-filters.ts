import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from '../../contract/cis-patterns';
import type { AuditFilterDefinition } from './filter-definition';
import { cisRunbookAnchor } from './runbook';

/**
 * The 14 CIS / Security Hub CloudWatch.1-14 filters as alarm definitions. Patterns, namespace and
 * metric names come unchanged from lambdas/shared/cis-patterns.ts: Security Hub passes a control
 * only on AWS's exact pattern, in a metric with no dimensions, alarmed at >= 1 with an SNS action.
 */
export function cisFilterDefinitions(): AuditFilterDefinition[] {
  return CIS_METRIC_FILTERS.map((filter) => ({
    id: filter.control.replace('.', ''),
    shortName: filter.filterName,
    title: `${filter.control}: ${filter.title.replace(/^Ensure a log metric filter and alarm exists? for /, '').replace(/^A log metric filter and alarm should exist for /, '')}`,
    filterName: filter.filterName,
    namespace: CIS_METRIC_NAMESPACE,
    metricName: filter.metricName,
    pattern: filter.pattern,
    runbookAnchor: cisRunbookAnchor(filter.control),
    howToFind: 'CloudTrail log group, Logs Insights query in the runbook section',
  }));
}
