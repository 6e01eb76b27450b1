import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from '../../../lambdas/inventory/scan/adaptive';
import { ThrottledError } from '../../../lambdas/inventory/ports';

const immediate = async (): Promise<void> => {};

describe('adaptive limiter', () => {
  it('halves its concurrency on throttling and grows back by one after a full window of successes', async () => {
    const limiter = new AdaptiveLimiter({ initial: 8, max: 8, sleep: immediate, random: () => 1 });
    let first = true;

    await limiter.run(async () => {
      if (first) {
        first = false;
        throw new ThrottledError('GetResourcePolicy', 'arn');
      }
    });
    expect(limiter.limit).toBe(4);

    for (let i = 0; i < 4; i += 1) await limiter.run(async () => undefined);
    expect(limiter.limit).toBe(5);
  });

  it('never runs more calls at once than its limit', async () => {
    const limiter = new AdaptiveLimiter({ initial: 3, max: 3, sleep: immediate });
    let inFlight = 0;
    let peak = 0;

    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
    })));

    expect(peak).toBe(3);
  });

  it('backs off exponentially with full jitter, then gives up after maxAttempts', async () => {
    const sleeps: number[] = [];
    const limiter = new AdaptiveLimiter({ initial: 2, max: 2, maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 500, sleep: async (ms) => void sleeps.push(ms), random: () => 1 });

    await expect(limiter.run(async () => { throw new ThrottledError('ListSecrets', 'a'); })).rejects.toBeInstanceOf(ThrottledError);

    expect(sleeps).toEqual([200, 400, 500]);
    expect(limiter.throttles).toBe(4);
  });

  it('passes other errors through at once', async () => {
    const limiter = new AdaptiveLimiter({ initial: 2, max: 2, sleep: immediate });

    await expect(limiter.run(async () => { throw new Error('AccessDenied'); })).rejects.toThrow('AccessDenied');
    expect(limiter.throttles).toBe(0);
  });
});
