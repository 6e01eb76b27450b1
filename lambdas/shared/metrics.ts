import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE } from '../../contract/metrics';

export { METRIC } from '../../contract/metrics';

/**
 * EMF metrics in the `SecretsWarden` namespace whose only default dimension is `Environment`.
 * Powertools adds a `service` dimension by default; it is cleared so that alarms and the
 * dashboard can address every metric by `Environment` alone.
 */
export function createMetrics(serviceName: string, environment = process.env.WARDEN_ENVIRONMENT ?? 'unknown'): Metrics {
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName });
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ Environment: environment });
  return metrics;
}
