import { describe, expect, it } from 'vitest';
import { aggregateAccess, secretResolver } from '../../../lambdas/compliance/core/access-audit';
import { parseAccessEvent, principalOf } from '../../../lambdas/compliance/core/access-events';
import type { AccessRead } from '../../../lambdas/compliance/core/trail-reader';
import { trailRecord, type TrailEventInput } from '../../support/compliance-doubles';
import { DEV_READER, NOW, READER, catalog, secret } from './facts';

const period = { start: new Date(NOW.getTime() - 7 * 86_400_000), end: NOW };
const ORDERS = secret('prod/orders-db');
const RETIRED = secret('prod/retired', { deletedDate: new Date(NOW.getTime() + 5 * 86_400_000).toISOString() });
const INTRUDER = 'arn:aws:iam::111111111111:role/intruder';
const ADMIN = 'arn:aws:iam::111111111111:role/warden-prod-admin';

function readOf(inputs: TrailEventInput[], overrides: Partial<AccessRead> = {}): AccessRead {
  const events = inputs.map((i) => parseAccessEvent(JSON.stringify(trailRecord(i)))!);
  return { events, eventsRead: events.length, unparsableEvents: 0, requests: 1, throttledRequests: 0, truncated: false, truncatedReason: null, error: null, ...overrides };
}
const at = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe('parsing a CloudTrailEvent', () => {
  it('takes the role behind an assumed-role session as the principal', () => {
    const event = parseAccessEvent(JSON.stringify(trailRecord({ eventName: 'GetSecretValue', time: at(1), roleArn: READER, secretId: ORDERS.arn })));

    expect(event).toEqual({ eventTime: at(1).toISOString(), eventName: 'GetSecretValue', principal: READER, secretId: ORDERS.arn, errorCode: null, markedForDeletion: false });
  });

  it.each([
    ['IAM user', { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', principalId: 'AIDA' }, 'arn:aws:iam::111111111111:user/alice'],
    ['root', { type: 'Root', arn: 'arn:aws:iam::111111111111:root', principalId: '111111111111' }, 'arn:aws:iam::111111111111:root'],
    ['AWS service', { type: 'AWSService', invokedBy: 'secretsmanager.amazonaws.com' }, 'secretsmanager.amazonaws.com'],
    ['nothing usable', { type: 'WebIdentityUser', principalId: 'x' }, 'WebIdentityUser:x'],
  ])('names a %s', (_kind, identity, principal) => {
    expect(principalOf(identity)).toBe(principal);
  });

  it('recognises a read refused because the secret is marked for deletion', () => {
    const event = parseAccessEvent(
      JSON.stringify(
        trailRecord({ eventName: 'GetSecretValue', time: at(1), secretId: RETIRED.name, errorCode: 'InvalidRequestException', errorMessage: "You can't perform this operation on the secret because it was marked for deletion." }),
      ),
    );

    expect(event).toMatchObject({ markedForDeletion: true, errorCode: 'InvalidRequestException' });
  });

  it.each(['not json', '[]', '{"eventTime":"2026-01-01T00:00:00Z"}'])('rejects %s', (raw) => {
    expect(parseAccessEvent(raw)).toBeNull();
  });
});

describe('resolving a SecretId', () => {
  const resolve = secretResolver([ORDERS]);

  it.each([ORDERS.arn, ORDERS.name, ORDERS.arn.replace(/-AbCdEf$/, '')])('finds the record from %s', (id) => {
    expect(resolve(id)?.arn).toBe(ORDERS.arn);
  });
});

describe('aggregating the access audit', () => {
  const events: TrailEventInput[] = [
    { eventName: 'GetSecretValue', time: at(1), roleArn: READER, secretId: ORDERS.arn },
    { eventName: 'GetSecretValue', time: at(2), roleArn: READER, secretId: ORDERS.name },
    { eventName: 'GetSecretValue', time: at(3), roleArn: ADMIN, secretId: ORDERS.name },
    { eventName: 'GetSecretValue', time: at(4), roleArn: INTRUDER, secretId: ORDERS.name },
    { eventName: 'GetSecretValue', time: at(5), roleArn: DEV_READER, secretId: ORDERS.name, errorCode: 'AccessDenied' },
    { eventName: 'DescribeSecret', time: at(6), roleArn: DEV_READER, secretId: ORDERS.name, errorCode: 'AccessDeniedException' },
    { eventName: 'DescribeSecret', time: at(7), roleArn: READER, secretId: ORDERS.name },
    { eventName: 'GetSecretValue', time: at(8), roleArn: READER, secretId: RETIRED.name, errorCode: 'InvalidRequestException', errorMessage: 'because it was marked for deletion' },
    { eventName: 'ListSecrets', time: at(9), roleArn: INTRUDER },
    { eventName: 'GetSecretValue', time: at(10), roleArn: INTRUDER, secretId: 'prod/unknown' },
  ];
  const audit = aggregateAccess(readOf(events), period, catalog({ readers: { 'prod/orders-db': [READER], 'prod/retired': [READER] } }), [ORDERS, RETIRED]);
  const orders = audit.secrets.find((s) => s.secret === ORDERS.arn)!;

  it('counts successful reads per principal, whatever form of SecretId the caller used', () => {
    expect(orders.reads).toEqual([
      { principal: READER, count: 2 },
      { principal: INTRUDER, count: 1 },
      { principal: ADMIN, count: 1 },
    ]);
  });

  it('counts refused attempts per principal with their error codes', () => {
    expect(orders.failedAttempts).toEqual([{ principal: DEV_READER, count: 2, errorCodes: ['AccessDenied', 'AccessDeniedException'] }]);
  });

  it('names readers that are neither catalog readers nor trusted', () => {
    expect(orders.unexpectedReaders).toEqual([{ principal: INTRUDER, count: 1 }]);
  });

  it('names read attempts by principals of another environment', () => {
    expect(orders.otherEnvironmentReaders).toEqual([{ principal: DEV_READER, count: 1 }]);
  });

  it('counts reads of a secret marked for deletion', () => {
    expect(audit.secrets.find((s) => s.secret === RETIRED.arn)!.readsWhileMarkedForDeletion).toBe(1);
  });

  it('keeps secrets it cannot resolve under the id the caller used, without judging their readers', () => {
    expect(audit.secrets.find((s) => s.secret === 'prod/unknown')).toMatchObject({ inCatalog: false, unexpectedReaders: [] });
  });

  it('totals the period and passes the read\'s bookkeeping through', () => {
    expect(audit.totals).toEqual({ reads: 5, failedAttempts: 2, unexpectedReads: 1, readsWhileMarkedForDeletion: 1 });
    expect(audit).toMatchObject({ eventsRead: 10, truncated: false, available: true });
  });

  it('is unavailable when the read stopped before any event', () => {
    const unavailable = aggregateAccess(readOf([], { truncated: true, truncatedReason: 'error', error: 'AccessDenied' }), period, catalog(), []);

    expect(unavailable.available).toBe(false);
  });
});

describe('canary: nothing value-like from a CloudTrail event reaches the audit', () => {
  it('drops request and response payloads, error messages and additional data', () => {
    const canary = 'CANARY-7f3a9c1e-value';
    const record = trailRecord({
      eventName: 'GetSecretValue',
      time: at(1),
      roleArn: READER,
      secretId: ORDERS.arn,
      errorCode: 'AccessDenied',
      errorMessage: `denied ${canary}`,
      extra: { requestParameters: { secretId: ORDERS.arn, secretString: canary }, responseElements: { secretString: canary }, additionalEventData: { note: canary } },
    });

    const audit = aggregateAccess({ ...readOf([]), events: [parseAccessEvent(JSON.stringify(record))!], eventsRead: 1 }, period, catalog(), [ORDERS]);

    expect(JSON.stringify(audit)).not.toContain(canary);
    expect(audit.totals.failedAttempts).toBe(1);
  });
});

describe('events that name the secret only in resources', () => {
  it.each(['ARN', 'arn', 'aRN'])('reads the secret ARN from resources[].%s', (key) => {
    const record = trailRecord({ eventName: 'GetSecretValue', time: at(1), roleArn: READER, extra: { requestParameters: null, resources: [{ [key]: ORDERS.arn, accountId: '111111111111' }] } });

    expect(parseAccessEvent(JSON.stringify(record))!.secretId).toBe(ORDERS.arn);
  });
});
