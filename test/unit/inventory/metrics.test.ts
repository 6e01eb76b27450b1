import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsInventoryMetrics } from '../../../lambdas/inventory/adapters/metrics';
import { FINDING_TYPES, type InventoryReport } from '../../../contract/inventory';
import { inventoryMetrics } from '../../../lambdas/inventory/report/metrics';
import { INVENTORY_PACK } from '../../../lambdas/shared/checks';
import { createMetrics } from '../../../lambdas/shared/metrics';

const report = {
  schemaVersion: '1.0', environment: 'prod', account: '111111111111', region: 'eu-west-1', generatedAt: '2026-06-15T12:00:00.000Z',
  summary: { secrets: 12, failedSecrets: 1, findingsBySeverity: { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, INFORMATIONAL: 3 }, findingsByType: { 'rotation-disabled': 3, 'not-in-catalog': 3 } },
  secrets: [], plaintextCredentials: [], findings: [], newFindingIds: ['x'], firstSeen: {},
} as InventoryReport;

type Emf = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('inventory metrics', () => {
  it('are totals, every severity and every finding type (zeros included) with the Environment dimension', () => {
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

  it('go out as EMF in SecretsWarden: Environment alone for the totals, Environment plus Severity or FindingType for the counts, never `service`', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = createMetrics('inventory', 'prod');

    powertoolsInventoryMetrics(metrics).publish(inventoryMetrics(report));
    metrics.publishStoredMetrics();

    const documents = lines.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Emf);
    const directives = documents.flatMap((d) => d._aws.CloudWatchMetrics);
    expect(directives.every((d) => d.Namespace === 'SecretsWarden')).toBe(true);
    expect(directives.flatMap((d) => d.Dimensions).every((set) => set[0] === 'Environment' && !set.includes('service') && set.length <= 2)).toBe(true);
    expect(documents.find((d) => d.Severity === 'CRITICAL')).toMatchObject({ Environment: 'prod', FindingsBySeverity: 1 });
    expect(documents.find((d) => d.FindingType === 'rotation-disabled')).toMatchObject({ Environment: 'prod', FindingsByType: 3 });
    expect(documents.find((d) => 'SecretsTotal' in d)).toMatchObject({ Environment: 'prod', SecretsTotal: 12, SecretsScanFailed: 1, NewFindings: 1 });
    expect(documents).toHaveLength(1 + 5 + FINDING_TYPES.length);
  });

  it('count every finding type: the rulebook\'s per-secret types and plaintext-credential, the ones inventory.schema.json lists', () => {
    const schema = JSON.parse(readFileSync('lambdas/inventory/inventory.schema.json', 'utf8')) as { definitions: { findingType: { enum: string[] } } };

    expect([...FINDING_TYPES].sort()).toEqual([...INVENTORY_PACK.map((rule) => rule.type), 'plaintext-credential'].sort());
    expect(schema.definitions.findingType.enum).toEqual([...FINDING_TYPES]);
  });
});
