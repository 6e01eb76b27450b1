import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../../../contract/metrics';
import type { ComplianceMetrics } from '../core/ports';

/** ComplianceScore and ComplianceRegressions as EMF through Powertools (no PutMetricData call, no IAM needed). */
export function powertoolsComplianceMetrics(metrics: Metrics): ComplianceMetrics {
  return {
    publish(score, regressions) {
      // No score when no control applies: a 0 would page someone for an empty account.
      if (score !== null) metrics.addMetric(METRIC.complianceScore, MetricUnit.Percent, score);
      metrics.addMetric(METRIC.complianceRegressions, MetricUnit.Count, regressions);
    },
  };
}
