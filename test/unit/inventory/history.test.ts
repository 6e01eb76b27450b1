import { describe, expect, it } from 'vitest';
import { compareWithPrevious, type PreviousReport } from '../../../lambdas/inventory/history/history';
import type { Finding, Severity } from '../../../contract/inventory';
import { daysAgo, NOW } from './fixtures';

const finding = (id: string, severity: Severity = 'HIGH'): Finding => ({
  id, type: 'rotation-disabled', severity, resource: id, title: id, evidence: {}, remediation: 'fix', runbook: 'docs/runbooks.md#inventory-rotation-disabled',
});
const previous = (ids: string[], firstSeen: Record<string, string>, alertedAt: Record<string, string> = {}): PreviousReport => ({
  generatedAt: daysAgo(1), findings: ids.map((id) => ({ id })), firstSeen, alertedAt,
});

describe('comparison with the previous report', () => {
  it('on a first run every finding is new and alerted except informational ones', () => {
    const history = compareWithPrevious([finding('a'), finding('b', 'INFORMATIONAL')], null, NOW, 7);

    expect(history.newFindingIds).toEqual(['a', 'b']);
    expect(history.toAlert.map((f) => f.id)).toEqual(['a']);
    expect(history.firstSeen).toEqual({ a: NOW.toISOString(), b: NOW.toISOString() });
  });

  it('does not repeat a finding already open yesterday, and carries its first-seen date', () => {
    const history = compareWithPrevious([finding('a'), finding('c')], previous(['a'], { a: daysAgo(3) }, { a: daysAgo(3) }), NOW, 7);

    expect(history.newFindingIds).toEqual(['c']);
    expect(history.toAlert.map((f) => f.id)).toEqual(['c']);
    expect(history.firstSeen.a).toBe(daysAgo(3));
    expect(history.alertedAt.a).toBe(daysAgo(3));
  });

  it('a finding that closed and opened again is new again', () => {
    const history = compareWithPrevious([finding('a')], previous([], { a: daysAgo(30) }), NOW, 7);

    expect(history.newFindingIds).toEqual(['a']);
    expect(history.firstSeen.a).toBe(NOW.toISOString());
  });

  it.each([
    ['critical open 6 days, alerted when new', 6, 6, false],
    ['critical open exactly 7 days (boundary), alerted 7 days ago', 7, 7, true],
    ['critical open 10 days, reminded 2 days ago', 10, 2, false],
    ['critical open 15 days, reminded 8 days ago', 15, 8, true],
  ])('%s -> reminded: %s', (_name, openDays, alertedDays, expected) => {
    const history = compareWithPrevious([finding('k', 'CRITICAL')], previous(['k'], { k: daysAgo(openDays) }, { k: daysAgo(alertedDays) }), NOW, 7);

    expect(history.reminders.map((f) => f.id)).toEqual(expected ? ['k'] : []);
    expect(history.alertedAt.k).toBe(expected ? NOW.toISOString() : daysAgo(alertedDays));
  });

  it('never reminds of a non-critical finding, however old', () => {
    const history = compareWithPrevious([finding('h', 'HIGH')], previous(['h'], { h: daysAgo(100) }, { h: daysAgo(100) }), NOW, 7);

    expect(history.toAlert).toEqual([]);
  });
});
