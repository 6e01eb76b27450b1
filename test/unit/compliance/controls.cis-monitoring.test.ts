import { describe, expect, it } from 'vitest';
import { cisMonitoringControls } from '../../../lambdas/compliance/core/controls/cis-monitoring';
import type { AuditConfiguration } from '../../../lambdas/compliance/core/audit-configuration';
import { CIS_METRIC_FILTERS } from '../../../contract/cis-patterns';
import { LOG_GROUP, TOPIC, auditConfiguration, catalog, facts, trail } from './facts';

const base = auditConfiguration();
const bend = (control: string, change: (config: AuditConfiguration, metricName: string) => Partial<AuditConfiguration>) => {
  const metricName = CIS_METRIC_FILTERS.find((f) => f.control === control)!.metricName;
  return facts({ auditConfiguration: { ...base, ...change(base, metricName) } });
};

describe.each(cisMonitoringControls.map((c) => [c.id, c] as const))('control %s', (id, control) => {
  it('is compliant with AWS\'s exact pattern, an alarm and a subscribed topic', () => {
    const [evaluation] = control.evaluate(facts());

    expect(evaluation).toMatchObject({ status: 'COMPLIANT', resourceName: LOG_GROUP });
  });

  it('fails when the filter pattern differs from AWS\'s by one term', () => {
    const given = bend(id, (c, metric) => ({
      metricFilters: c.metricFilters.map((f) => (f.metrics[0]!.name === metric ? { ...f, pattern: f.pattern.replace(/}$/, ' && ($.extra = 1)}') } : f)),
    }));

    const [evaluation] = control.evaluate(given);

    expect(evaluation).toMatchObject({ status: 'NON_COMPLIANT', reason: expect.stringMatching(/exact pattern/) });
  });

  it('fails when no alarm watches the filter\'s metric', () => {
    const given = bend(id, (c, metric) => ({ alarms: c.alarms.filter((a) => a.metrics[0]!.name !== metric) }));

    expect(control.evaluate(given)[0]).toMatchObject({ status: 'NON_COMPLIANT', reason: expect.stringMatching(/no alarm/) });
  });

  it('fails when the alarm\'s topic has only a pending subscription', () => {
    const given = bend(id, () => ({ topics: [{ arn: TOPIC, confirmedSubscriptions: 0, pendingSubscriptions: 1, error: null }] }));

    expect(control.evaluate(given)[0]).toMatchObject({ status: 'NON_COMPLIANT', reason: expect.stringMatching(/confirmed subscription/) });
  });

  it('is not applicable when the catalog leaves the CIS filters to the organisation', () => {
    expect(control.evaluate(facts({ catalog: catalog({ cisMonitoring: false }) }))[0]!.status).toBe('NOT_APPLICABLE');
  });

  it('cites Security Hub, CIS, SOC 2 CC7.2 and ISO A.8.16', () => {
    expect(control.references).toEqual(
      expect.arrayContaining([
        { framework: 'AWS Security Hub', id },
        { framework: 'SOC 2', id: 'CC7.2' },
        { framework: 'ISO/IEC 27001:2022', id: 'A.8.16' },
      ]),
    );
    expect(control.references.some((r) => r.framework === 'CIS AWS Foundations Benchmark')).toBe(true);
  });
});

describe('CIS monitoring preconditions', () => {
  const [rootUsage] = cisMonitoringControls;

  it.each([
    ['the trail is single-region', { multiRegion: false }],
    ['the trail is not logging', { isLogging: false }],
    ['the trail delivers to no log group', { logGroupName: null }],
    ['the trail skips read events', { allManagementEvents: false }],
  ])('fails when %s', (_name, change) => {
    const given = facts({ auditConfiguration: auditConfiguration({ trails: [trail(change)] }) });

    expect(rootUsage!.evaluate(given)[0]).toMatchObject({ status: 'NON_COMPLIANT', reason: expect.stringMatching(/no multi-region trail/) });
  });

  it('fails when the alarm\'s actions are disabled', () => {
    const given = facts({ auditConfiguration: auditConfiguration({ alarms: auditConfiguration().alarms.map((a) => ({ ...a, actionsEnabled: false })) }) });

    expect(rootUsage!.evaluate(given)[0]!.status).toBe('NON_COMPLIANT');
  });

  it('fails when the filter sits on a log group no qualifying trail delivers to', () => {
    const config = auditConfiguration();
    const given = facts({ auditConfiguration: { ...config, metricFilters: config.metricFilters.map((f) => ({ ...f, logGroupName: 'some-other-group' })) } });

    expect(rootUsage!.evaluate(given)[0]!.status).toBe('NON_COMPLIANT');
  });

  it('tolerates surrounding whitespace but nothing inside the pattern', () => {
    const config = auditConfiguration();
    const padded = facts({ auditConfiguration: { ...config, metricFilters: config.metricFilters.map((f) => ({ ...f, pattern: ` ${f.pattern}\n` })) } });
    const respaced = facts({ auditConfiguration: { ...config, metricFilters: config.metricFilters.map((f) => ({ ...f, pattern: f.pattern.replace('=', ' = ') })) } });

    expect(rootUsage!.evaluate(padded)[0]!.status).toBe('COMPLIANT');
    expect(rootUsage!.evaluate(respaced)[0]!.status).toBe('NON_COMPLIANT');
  });
});
