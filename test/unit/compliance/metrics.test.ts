import { describe, expect, it } from 'vitest';
import { powertoolsComplianceMetrics } from '../../../lambdas/compliance/adapters/metrics';
import { createMetrics } from '../../../lambdas/shared/metrics';

describe('compliance metrics', () => {
  it('emits ComplianceScore (percent) and ComplianceRegressions (count) in SecretsWarden with Environment as the only dimension', () => {
    const metrics = createMetrics('compliance', 'prod');

    powertoolsComplianceMetrics(metrics).publish(87.5, 2);
    const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive!.Namespace).toBe('SecretsWarden');
    expect(directive!.Dimensions).toEqual([['Environment']]);
    expect(directive!.Metrics).toEqual([
      { Name: 'ComplianceScore', Unit: 'Percent' },
      { Name: 'ComplianceRegressions', Unit: 'Count' },
    ]);
    expect(emf).toMatchObject({ Environment: 'prod', ComplianceScore: 87.5, ComplianceRegressions: 2 });
  });

  it('emits no score when no control applied, but still the regression count', () => {
    const metrics = createMetrics('compliance', 'prod');

    powertoolsComplianceMetrics(metrics).publish(null, 0);
    const emf = metrics.serializeMetrics() as unknown as Record<string, unknown>;

    expect(emf).not.toHaveProperty('ComplianceScore');
    expect(emf).toMatchObject({ ComplianceRegressions: 0 });
  });
});
