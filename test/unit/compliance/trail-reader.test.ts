// The access audit's CloudTrail read, through the real LookupEvents adapter against the stateful
// double, on a fake clock: the pacing is asserted on the double's request times, never by sleeping.
import { describe, expect, it } from 'vitest';
import { cloudTrailLookup } from '../../../lambdas/compliance/adapters/cloudtrail-lookup';
import { readAccessEvents } from '../../../lambdas/compliance/core/trail-reader';
import { CloudTrailDouble, fakePacing, type TrailEventInput } from '../../support/compliance-doubles';

const START = Date.parse('2026-11-21T06:00:00Z');
const period = { start: new Date(START - 7 * 86_400_000), end: new Date(START) };

function reads(count: number, from = START - 3_600_000): TrailEventInput[] {
  return Array.from({ length: count }, (_, i) => ({ eventName: 'GetSecretValue', time: new Date(from - i * 1000), secretId: 'prod/orders-db' }));
}

function setup(events: TrailEventInput[]) {
  const pacing = fakePacing(START);
  const double = new CloudTrailDouble(pacing);
  double.addEvents(events);
  return { pacing, double, lookup: cloudTrailLookup(double.client) };
}

const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

describe('reading Secrets Manager events from CloudTrail', () => {
  it('reads every page, 50 events at a time, filtered on the Secrets Manager event source', async () => {
    const { pacing, double, lookup } = setup([...reads(120), { eventName: 'CreateBucket', eventSource: 's3.amazonaws.com', time: new Date(START - 60_000) }]);

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 10_000 });

    expect(read).toMatchObject({ eventsRead: 120, requests: 3, truncated: false, truncatedReason: null, throttledRequests: 0 });
    expect(double.lookupInputs.map((i) => i.MaxResults)).toEqual([50, 50, 50]);
    expect(double.lookupInputs[0]!.LookupAttributes).toEqual([{ AttributeKey: 'EventSource', AttributeValue: 'secretsmanager.amazonaws.com' }]);
    expect(double.lookupInputs[1]!.NextToken).toEqual(expect.any(String));
  });

  it('spaces requests at least 500 ms apart, so the 2-per-second quota is never exceeded', async () => {
    const { pacing, double, lookup } = setup(reads(500));

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 10_000 });

    expect(read.requests).toBe(10);
    expect(double.throttledCount).toBe(0);
    expect(Math.min(...gaps(double.lookupTimes))).toBeGreaterThanOrEqual(500);
  });

  it('is throttled by the double when it ignores the pacing (the double enforces the quota)', async () => {
    const { pacing, double, lookup } = setup(reads(500));

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 10_000, minIntervalMs: 0 });

    expect(double.throttledCount).toBeGreaterThan(0);
    expect(read).toMatchObject({ eventsRead: 500, truncated: false });
    expect(read.throttledRequests).toBe(double.throttledCount);
  });

  it('backs off exponentially with jitter on ThrottlingException and resumes the same page', async () => {
    const { pacing, double, lookup } = setup(reads(60));
    double.forceThrottles = 3;

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 10_000, baseBackoffMs: 1000 });

    // Equal jitter with random() = 0.5: 3/4 of 1 s, 2 s, 4 s.
    expect(pacing.sleeps.slice(0, 3)).toEqual([750, 1500, 3000]);
    expect(read).toMatchObject({ eventsRead: 60, throttledRequests: 3, requests: 5, truncated: false });
    expect(double.lookupInputs[3]!.NextToken).toBeUndefined();
  });

  it('gives up after the last attempt and reports the audit as cut short by throttling', async () => {
    const { pacing, double, lookup } = setup(reads(120));
    double.forceThrottles = 100;

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 10_000, maxAttempts: 4 });

    expect(read).toMatchObject({ eventsRead: 0, requests: 4, truncated: true, truncatedReason: 'throttling' });
  });

  it('stops at the time budget and says so', async () => {
    const { pacing, lookup } = setup(reads(1000));

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 2_000, maxEvents: 10_000 });

    expect(read).toMatchObject({ truncated: true, truncatedReason: 'time-budget' });
    expect(read.requests).toBe(4);
    expect(read.eventsRead).toBe(200);
    expect(pacing.now() - START).toBeLessThan(2_000);
  });

  it('stops at the maximum event count and says so', async () => {
    const { pacing, lookup } = setup(reads(300));

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 75 });

    expect(read).toMatchObject({ eventsRead: 75, requests: 2, truncated: true, truncatedReason: 'max-events' });
  });

  it('is not cut short when the last page ends exactly at the maximum', async () => {
    const { pacing, lookup } = setup(reads(100));

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 100 });

    expect(read).toMatchObject({ eventsRead: 100, truncated: false });
  });

  it('reports an error other than throttling instead of failing the whole report', async () => {
    const pacing = fakePacing(START);
    const failing = { page: async () => Promise.reject(Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), { name: 'AccessDeniedException' })) };

    const read = await readAccessEvents(failing, pacing, period, { timeBudgetMs: 600_000, maxEvents: 100 });

    expect(read).toMatchObject({ eventsRead: 0, truncated: true, truncatedReason: 'error', error: expect.stringContaining('cloudtrail:LookupEvents') });
  });

  it('does not reach back beyond the requested period', async () => {
    const { pacing, lookup } = setup([...reads(5), ...reads(5, START - 10 * 86_400_000)]);

    const read = await readAccessEvents(lookup, pacing, period, { timeBudgetMs: 600_000, maxEvents: 100 });

    expect(read.eventsRead).toBe(5);
  });
});
