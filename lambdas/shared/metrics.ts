import { Metrics } from '@aws-lambda-powertools/metrics';

export const METRIC_NAMESPACE = 'SecretsWarden';

/** EMF metrics in the `SecretsWarden` namespace with the `Environment` dimension on every metric. */
export function createMetrics(serviceName: string, environment = process.env.WARDEN_ENVIRONMENT ?? 'unknown'): Metrics {
  return new Metrics({ namespace: METRIC_NAMESPACE, serviceName, defaultDimensions: { Environment: environment } });
}
