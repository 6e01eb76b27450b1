import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from '../ports';

/**
 * The inventory's counts as EMF through Powertools: the metrics with only the Environment
 * dimension go in the function's metrics object (flushed by the handler factory when the handler
 * returns); those with a second dimension (Severity, FindingType) each go in a single-metric
 * document of their own, since one EMF document has one set of dimensions for all its metrics.
 */
export function powertoolsInventoryMetrics(metrics: Metrics): MetricsSink {
  return {
    publish(data) {
      for (const datum of data) {
        const extra = datum.Dimensions.filter((d) => d.Name !== 'Environment');
        if (extra.length === 0) {
          metrics.addMetric(datum.MetricName, MetricUnit.Count, datum.Value);
          continue;
        }
        const single = metrics.singleMetric();
        // A single metric gets Powertools' default `service` dimension back; the alarms and the
        // dashboard address these by Environment and the one extra dimension only.
        single.clearDefaultDimensions();
        for (const d of datum.Dimensions) single.addDimension(d.Name, d.Value);
        single.addMetric(datum.MetricName, MetricUnit.Count, datum.Value);
      }
    },
  };
}
