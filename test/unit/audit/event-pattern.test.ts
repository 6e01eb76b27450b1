import { describe, expect, it } from 'vitest';
import { matchesEventPattern, UnsupportedEventPatternError } from '../../support/event-pattern';

// The matcher's own specification, on the semantics described in the EventBridge User Guide
// ("Content filtering in Amazon EventBridge event patterns").
const event = {
  source: 'aws.secretsmanager',
  'detail-type': 'AWS Service Event via CloudTrail',
  detail: { eventName: 'RotationFailed', tags: ['a', 'b'], count: 5, additionalEventData: { SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:prod/x' } },
};

describe('EventBridge pattern matcher (test support)', () => {
  it('requires every named field and accepts any listed alternative', () => {
    expect(matchesEventPattern({ source: ['aws.secretsmanager'], detail: { eventName: ['RotationSucceeded', 'RotationFailed'] } }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.secretsmanager'], detail: { eventName: ['RotationSucceeded'] } }, event)).toBe(false);
    expect(matchesEventPattern({ source: ['AWS.SecretsManager'] }, event)).toBe(false);
  });

  it('matches an event array when any element matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['b'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['c'] } }, event)).toBe(false);
  });

  it('supports prefix, suffix, anything-but, exists and numeric filters', () => {
    expect(matchesEventPattern({ detail: { additionalEventData: { SecretId: [{ prefix: 'arn:aws:secretsmanager:eu-west-1:1:secret:prod/' }] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { additionalEventData: { SecretId: [{ prefix: 'arn:aws:secretsmanager:eu-west-1:1:secret:staging/' }] } } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ suffix: 'Failed' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': ['RotationSucceeded'] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': { prefix: 'Rotation' } }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: true }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>', 0, '<=', 5] }] } }, event)).toBe(true);
  });

  it('matches $or when one branch matches, and a nested pattern fails on a missing object', () => {
    const either = (branch: string) => ({ detail: { $or: [{ additionalEventData: { SecretId: [{ prefix: branch }] } }, { serviceEventDetails: { secretId: [{ prefix: branch }] } }] } });

    expect(matchesEventPattern(either('arn:aws:secretsmanager:eu-west-1:1:secret:prod/'), event)).toBe(true);
    expect(matchesEventPattern(either('arn:aws:secretsmanager:eu-west-1:1:secret:dev/'), event)).toBe(false);
  });

  it('refuses a filter it does not implement instead of ignoring it', () => {
    expect(() => matchesEventPattern({ detail: { eventName: [{ wildcard: 'Rot*' }] } }, event)).toThrow(UnsupportedEventPatternError);
  });
});
