import { describe, expect, it } from 'vitest';
import { ARN, context, daysAgo, daysAhead, NOW, record, rule } from './fixtures';

const rotationDisabled = rule('rotation-disabled');
const rotationNeverSucceeded = rule('rotation-never-succeeded');
const rotationOverdue = rule('rotation-overdue');

describe('rotation-disabled', () => {
  it.each([
    ['rotation off on a postgres secret', record({ rotation: { enabled: false } }), true],
    ['rotation off on an unmanaged secret without kind', record({ kind: null, managed: false, rotation: { enabled: false } }), true],
    ['rotation on', record(), false],
    ['rotation off on an external secret (rotated by hand)', record({ kind: 'external', rotation: { enabled: false } }), false],
    ['rotation off but scheduled for deletion', record({ rotation: { enabled: false }, deletedDate: daysAhead(7) }), false],
  ])('%s -> finding: %s', (_name, input, expected) => {
    expect(rotationDisabled.evaluate(input, context()) !== null).toBe(expected);
  });

  it('has a stable id, the classification as severity, and a runbook anchor', () => {
    const finding = rotationDisabled.evaluate(record({ classification: 'high', rotation: { enabled: false } }), context())!;

    expect(finding).toMatchObject({
      id: `rotation-disabled:${ARN}`,
      severity: 'HIGH',
      resource: ARN,
      runbook: 'docs/runbooks.md#inventory-rotation-disabled',
    });
    expect(finding.remediation).toMatch(/rotation/i);
  });
});

describe('rotation-overdue (interval 30 days, grace 3 days)', () => {
  it.each([
    ['rotated 10 days ago', daysAgo(10), daysAhead(20), false],
    ['rotated exactly interval + grace ago (boundary day)', daysAgo(33), daysAhead(1), false],
    ['rotated a minute past interval + grace', new Date(NOW.getTime() - 33 * 86_400_000 - 60_000).toISOString(), daysAhead(1), true],
    ['rotated 40 days ago', daysAgo(40), daysAhead(1), true],
    ['next rotation date in the past, within the grace days (the rotation window)', daysAgo(5), daysAgo(1), false],
    ['next rotation date past by more than the grace days', daysAgo(5), daysAgo(4), true],
    ['next rotation date null and recent rotation', daysAgo(5), null, false],
  ])('%s -> overdue: %s', (_name, lastRotated, nextRotation, expected) => {
    expect(rotationOverdue.evaluate(record({ rotation: { lastRotated, nextRotation } }), context()) !== null).toBe(expected);
  });

  it('is not raised when rotation is off, never happened (another finding), or the secret is being deleted', () => {
    expect(rotationOverdue.evaluate(record({ rotation: { enabled: false, lastRotated: daysAgo(100) } }), context())).toBeNull();
    expect(rotationOverdue.evaluate(record({ rotation: { lastRotated: null, nextRotation: daysAgo(3) } }), context())).toBeNull();
    expect(rotationOverdue.evaluate(record({ rotation: { lastRotated: daysAgo(100) }, deletedDate: daysAhead(3) }), context())).toBeNull();
  });

  it('with an unknown interval only the next rotation date decides', () => {
    expect(rotationOverdue.evaluate(record({ rotation: { intervalDays: null, lastRotated: daysAgo(500), nextRotation: daysAhead(1) } }), context())).toBeNull();
    expect(rotationOverdue.evaluate(record({ rotation: { intervalDays: null, lastRotated: daysAgo(500), nextRotation: daysAgo(4) } }), context())).not.toBeNull();
  });

  it('carries the dates as evidence', () => {
    const finding = rotationOverdue.evaluate(record({ rotation: { lastRotated: daysAgo(40) } }), context())!;

    expect(finding.evidence).toMatchObject({ intervalDays: 30, graceDays: 3, daysSinceLastRotation: 40, secret: 'prod/orders-db' });
    expect(finding.severity).toBe('CRITICAL');
  });
});

describe('rotation-never-succeeded', () => {
  it.each([
    ['enabled, never rotated, created 10 days ago', record({ createdDate: daysAgo(10), rotation: { lastRotated: null } }), true],
    ['enabled, never rotated, created null', record({ createdDate: null, rotation: { lastRotated: null } }), true],
    ['just created (an hour ago): the first rotation may still run', record({ createdDate: daysAgo(1 / 24), rotation: { lastRotated: null } }), false],
    ['created exactly one day ago (boundary)', record({ createdDate: daysAgo(1), rotation: { lastRotated: null } }), false],
    ['rotated once', record(), false],
    ['rotation off', record({ rotation: { enabled: false, lastRotated: null } }), false],
  ])('%s -> finding: %s', (_name, input, expected) => {
    expect(rotationNeverSucceeded.evaluate(input, context()) !== null).toBe(expected);
  });
});
