import { describe, expect, it } from 'vitest';
import expected from '../../fixtures/cis-patterns.json';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE, cisMetricFilter } from '../../../contract/cis-patterns';

describe('CIS / Security Hub CloudWatch.1-14 metric filters', () => {
  it('covers exactly CloudWatch.1 to CloudWatch.14, once each, in order', () => {
    expect(CIS_METRIC_FILTERS.map((f) => f.control)).toEqual(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`));
  });

  it.each(Object.entries(expected.patterns))('%s uses AWS published pattern character for character', (control, pattern) => {
    const filter = cisMetricFilter(control);

    expect(filter?.pattern).toBe(pattern);
  });

  it('uses the namespace the Security Hub remediation steps prescribe', () => {
    expect(CIS_METRIC_NAMESPACE).toBe(expected.namespace);
  });

  it('names a source document with the control anchor, distinct metric and filter names, and CIS ids', () => {
    for (const filter of CIS_METRIC_FILTERS) {
      expect(filter.source).toContain(`${expected.source.url}#${filter.control.toLowerCase().replace('.', '-')}`);
      expect(filter.cisIds.length).toBeGreaterThan(0);
      for (const id of filter.cisIds) expect(id).toMatch(/^CIS AWS Foundations Benchmark v1\.[24]\.0\/\d+\.\d+$/);
    }
    expect(new Set(CIS_METRIC_FILTERS.map((f) => f.metricName)).size).toBe(14);
    expect(new Set(CIS_METRIC_FILTERS.map((f) => f.filterName)).size).toBe(14);
  });

  it('keeps the patterns free of stray whitespace that Security Hub would reject as a different string', () => {
    for (const filter of CIS_METRIC_FILTERS) {
      expect(filter.pattern).toBe(filter.pattern.trim());
      expect(filter.pattern).not.toMatch(/\s{2,}|[\t\n]/);
    }
  });
});
