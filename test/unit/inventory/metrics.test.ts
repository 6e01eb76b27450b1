import { describe, expect, it } from 'vitest';
import { batchMetricData, FINDING_TYPES, inventoryMetrics, type MetricDatum } from '../../../lambdas/inventory/core/metrics';
import type { InventoryReport } from '../../../lambdas/inventory/core/record';

const report = {
  schemaVersion: '1.0', environment: 'prod', account: '111111111111', region: 'eu-west-1', generatedAt: '2026-06-15T12:00:00.000Z',
  summary: { secrets: 12, failedSecrets: 1, findingsBySeverity: { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, INFORMATIONAL: 3 }, findingsByType: { 'rotation-disabled': 3, 'not-in-catalog': 3 } },
  secrets: [], plaintextCredentials: [], findings: [], newFindingIds: ['x'], firstSeen: {},
} as InventoryReport;

describe('inventory metrics', () => {
  it('publishes totals, every severity and every finding type (zeros included) with the Environment dimension', () => {
    const data = inventoryMetrics(report);
    const value = (name: string, dim?: string) => data.find((d) => d.MetricName === name && (dim === undefined || d.Dimensions.some((x) => x.Value === dim)))!.Value;

    expect(value('SecretsTotal')).toBe(12);
    expect(value('SecretsScanFailed')).toBe(1);
    expect(value('NewFindings')).toBe(1);
    expect(value('FindingsBySeverity', 'CRITICAL')).toBe(1);
    expect(value('FindingsBySeverity', 'MEDIUM')).toBe(0);
    expect(value('FindingsByType', 'rotation-disabled')).toBe(3);
    expect(value('FindingsByType', 'public-policy')).toBe(0);
    expect(data).toHaveLength(3 + 5 + FINDING_TYPES.length);
    expect(data.every((d) => d.Dimensions[0]!.Name === 'Environment' && d.Dimensions[0]!.Value === 'prod')).toBe(true);
  });

  it('splits data into requests of at most 1000 metrics', () => {
    const datum: MetricDatum = { MetricName: 'X', Dimensions: [{ Name: 'Environment', Value: 'prod' }], Value: 1, Unit: 'Count', Timestamp: new Date() };

    const batches = batchMetricData(Array.from({ length: 2500 }, () => datum));

    expect(batches.map((b) => b.MetricData.length)).toEqual([1000, 1000, 500]);
    expect(batches.every((b) => b.Namespace === 'SecretsWarden')).toBe(true);
  });

  it('splits earlier when the body would pass 1 MB', () => {
    const big: MetricDatum = { MetricName: 'X'.repeat(255), Dimensions: Array.from({ length: 30 }, (_, i) => ({ Name: `D${i}`, Value: 'v'.repeat(200) })), Value: 1, Unit: 'Count', Timestamp: new Date() };

    const batches = batchMetricData(Array.from({ length: 200 }, () => big));

    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => JSON.stringify(b).length < 1_000_000)).toBe(true);
  });
});
