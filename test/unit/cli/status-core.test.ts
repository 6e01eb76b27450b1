// The pure core of `warden status` with an injected clock: a rotation stuck in AWSPENDING for over
// an hour, the last rotation failed (a failure event after the last success), and how the latest
// inventory report counts towards --fail-on and the badge.
import { describe, expect, it } from 'vitest';
import {
  combinedCounts, failsOn, failureEventOf, lastRotationFailure, openPendingVersion, rotationAttention, STUCK_AFTER_MS, stuckRotation, worstSeverity,
} from '../../../cli/status-core';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 3_600_000;
const zero = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };

describe('status core', () => {
  it('a rotation is stuck when AWSPENDING sits on a non-current version created over an hour ago', () => {
    const current = { versionId: 'cur', stages: ['AWSCURRENT'], created: ago(30 * 24 * HOUR) };
    expect(stuckRotation([current, { versionId: 'p', stages: ['AWSPENDING'], created: ago(STUCK_AFTER_MS + 1) }], NOW)).toEqual({ versionId: 'p', since: ago(STUCK_AFTER_MS + 1) });
    expect(stuckRotation([current, { versionId: 'p', stages: ['AWSPENDING'], created: ago(STUCK_AFTER_MS - 1) }], NOW)).toBeUndefined();
    // AWSPENDING on the current version is a finished rotation's leftover label, not a rotation under way.
    expect(stuckRotation([{ versionId: 'c', stages: ['AWSCURRENT', 'AWSPENDING'], created: ago(5 * HOUR) }], NOW)).toBeUndefined();
    // No CreatedDate: never guessed stuck.
    expect(stuckRotation([{ versionId: 'p', stages: ['AWSPENDING'], created: null }], NOW)).toBeUndefined();
    // The clock decides: the same version an hour later is stuck.
    const fresh = [{ versionId: 'p', stages: ['AWSPENDING'], created: ago(10 * 60_000) }];
    expect(stuckRotation(fresh, NOW)).toBeUndefined();
    expect(stuckRotation(fresh, new Date(NOW.getTime() + HOUR))).toMatchObject({ versionId: 'p' });
  });

  it('finds the open AWSPENDING version in SecretVersionsToStages', () => {
    expect(openPendingVersion({ a: ['AWSCURRENT'], b: ['AWSPENDING'] })).toBe('b');
    expect(openPendingVersion({ a: ['AWSCURRENT', 'AWSPENDING'] })).toBeUndefined();
    expect(openPendingVersion({})).toBeUndefined();
  });

  it('the last rotation failed when a failure event of the secret is newer than its LastRotatedDate', () => {
    const secret = { arn: 'arn:aws:secretsmanager:eu-west-1:1:secret:dev/a-AbCdEf', name: 'dev/a', lastRotated: ago(48 * HOUR) };
    const failedAfter = { secret: secret.arn, event: 'RotationFailed', time: ago(24 * HOUR) };
    const failedBefore = { secret: secret.arn, event: 'RotationFailed', time: ago(72 * HOUR) };
    const otherSecret = { secret: 'arn:aws:secretsmanager:eu-west-1:1:secret:dev/b-XyZ123', event: 'RotationAbandoned', time: ago(HOUR) };
    expect(lastRotationFailure(secret, [failedBefore, failedAfter, otherSecret])).toEqual(failedAfter);
    expect(lastRotationFailure(secret, [failedBefore, otherSecret])).toBeUndefined();
    expect(lastRotationFailure({ ...secret, lastRotated: null }, [failedBefore])).toEqual(failedBefore);
    expect(lastRotationFailure(secret, [{ ...failedAfter, secret: 'dev/a' }])).toMatchObject({ secret: 'dev/a' });
  });

  it('reads the secret from either spelling of a rotation event, and nothing from junk', () => {
    const time = new Date(ago(HOUR));
    expect(failureEventOf(JSON.stringify({ additionalEventData: { SecretId: 'arn:x' } }), 'RotationFailed', time)).toEqual({ secret: 'arn:x', event: 'RotationFailed', time: time.toISOString() });
    expect(failureEventOf(JSON.stringify({ serviceEventDetails: { secretId: 'arn:y' } }), 'RotationAbandoned', time)).toMatchObject({ secret: 'arn:y' });
    expect(failureEventOf('not json', 'RotationFailed', time)).toBeUndefined();
    expect(failureEventOf('{}', 'RotationFailed', time)).toBeUndefined();
  });

  it('rotation items carry their severity and runbook; the worst severity leads', () => {
    const items = rotationAttention({ versionId: 'p', since: ago(2 * HOUR) }, { secret: 'a', event: 'RotationFailed', time: ago(HOUR) });
    expect(items.map((i) => i.type)).toEqual(['rotation-stuck', 'rotation-failed']);
    expect(items.every((i) => i.runbook === 'docs/runbooks.md#rotation-failed')).toBe(true);
    expect(worstSeverity([{ severity: 'LOW' }, ...items, { severity: 'MEDIUM' }])).toBe('HIGH');
    expect(rotationAttention(undefined, undefined)).toEqual([]);
  });

  it('--fail-on counts the larger of the live and the report count per severity', () => {
    const live = { ...zero, MEDIUM: 3 };
    const report = { ...zero, CRITICAL: 1, MEDIUM: 1 };
    expect(combinedCounts(live, report)).toEqual({ ...zero, CRITICAL: 1, MEDIUM: 3 });
    expect(combinedCounts(live, null)).toEqual(live);
    expect(failsOn(combinedCounts(live, report), 'CRITICAL')).toBe(true);
    expect(failsOn(live, 'HIGH')).toBe(false);
    expect(failsOn(live, 'MEDIUM')).toBe(true);
  });
});
