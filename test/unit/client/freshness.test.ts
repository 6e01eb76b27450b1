// The freshness bound of the change check, on the Secrets Manager double with a clock the test
// moves: a key nobody reads costs nothing, any read `freshness` after finishSecret returns the
// rotated value however rarely the key is read, readers past the bound share one check, and a TTL
// within the bound needs no DescribeSecret at all.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFixture, rotateValue, type ClientFixture } from './support';

const NAME = 'payments/api-token';
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('change checks bounded by freshness', () => {
  let f: ClientFixture;
  let arn: string;
  const calls = () => ({ get: f.sm.double.calls('GetSecretValue').length, describe: f.sm.double.calls('DescribeSecret').length });

  beforeEach(() => {
    // An hour's TTL: only the change check can bring a rotated value within seconds.
    f = clientFixture({ ttl: 3_600_000, checkInterval: undefined, freshness: 5_000 });
    arn = f.sm.double.seed({ name: `dev/${NAME}`, secretString: 'token-v1' });
  });
  afterEach(() => f.sm.restore());

  /**
   * Reads once every `step` ms of the test clock from now until `until` ms, running `at[t]` first
   * when the clock reaches t; what each read returned, by time.
   */
  async function readEvery(step: number, until: number, at: Record<number, () => Promise<void>> = {}): Promise<{ t: number; value: string }[]> {
    const start = f.clock.now;
    const seen: { t: number; value: string }[] = [];
    for (let t = 0; t <= until; t += step) {
      f.clock.now = start + t;
      await at[t]?.();
      seen.push({ t, value: (await f.secrets.get(NAME)).reveal() });
      await flush(); // lets a background check answer before the next read, as time would
    }
    return seen;
  }

  it('makes no call for a key nobody reads, and its next read, past the bound, waits for one check and gets the rotated value', async () => {
    await f.secrets.get(NAME);
    await rotateValue(f.sm, arn, 'token-v2');
    for (let i = 0; i < 60; i += 1) {
      f.clock.advance(1_000);
      await flush();
    }
    expect(calls()).toEqual({ get: 1, describe: 0 });

    // 60 s idle, 60 s after finishSecret, TTL an hour away: served only after the check.
    const value = await f.secrets.get(NAME);

    expect(value.reveal()).toBe('token-v2');
    expect(calls()).toEqual({ get: 2, describe: 1 });
    expect(f.events.at(-1)).toMatchObject({ hit: false, versionId: value.versionId });
  });

  it('returns the rotated value to every read made freshness or more after finishSecret, with one check per interval while read', async () => {
    f.secrets = f.make({ ttl: 3_600_000, checkInterval: undefined, freshness: 5_000, jitter: 0.1, random: (() => {
      let r = 0.37;
      return () => (r = (r * 7.13 + 0.29) % 1);
    })() });
    await f.secrets.get(NAME);
    const rotatedAt = 2_300;
    const seen = await readEvery(100, 20_000, { [rotatedAt]: () => rotateValue(f.sm, arn, 'token-v2').then(() => undefined) });

    const late = seen.filter((s) => s.t >= rotatedAt + 5_000);
    expect(late.length).toBeGreaterThan(100);
    expect(late.every((s) => s.value === 'token-v2')).toBe(true);
    expect(seen.filter((s) => s.t < rotatedAt).every((s) => s.value === 'token-v1')).toBe(true);
    // Once a reader has the new value it keeps it.
    const firstNew = seen.findIndex((s) => s.value === 'token-v2');
    expect(seen.slice(firstNew).every((s) => s.value === 'token-v2')).toBe(true);
    // One GetSecretValue per version; a DescribeSecret every 4.05-4.5 s (90% of the bound, less up to 10% jitter).
    const { get, describe } = calls();
    expect(get).toBe(2);
    expect(describe).toBeGreaterThanOrEqual(Math.floor(20_000 / 4_500));
    expect(describe).toBeLessThanOrEqual(Math.ceil(20_000 / 4_050));
  });

  it('has a thousand readers arriving past the bound share one DescribeSecret and one GetSecretValue', async () => {
    await f.secrets.get(NAME);
    await rotateValue(f.sm, arn, 'token-v2');
    f.clock.advance(10_000);

    const values = await Promise.all(Array.from({ length: 1000 }, () => f.secrets.get(NAME)));

    expect(new Set(values.map((v) => v.reveal()))).toEqual(new Set(['token-v2']));
    expect(calls()).toEqual({ get: 2, describe: 1 });
  });

  it('makes no DescribeSecret when the TTL is within the bound: the fetch at expiry is the check', async () => {
    f.secrets = f.make({ ttl: 5_000, freshness: 5_000, checkInterval: undefined });
    await f.secrets.get(NAME);
    const rotatedAt = 7_000;
    const seen = await readEvery(250, 20_000, { [rotatedAt]: () => rotateValue(f.sm, arn, 'token-v2').then(() => undefined) });

    expect(seen.filter((s) => s.t >= rotatedAt + 5_000).every((s) => s.value === 'token-v2')).toBe(true);
    // The first fetch, then one per 5 s TTL: at 5, 10, 15 and 20 s.
    expect(calls()).toEqual({ get: 5, describe: 0 });
  });

  it('starts the fetch of a TTL within the bound ahead of expiry by twice the last fetch time, serving readers meanwhile', async () => {
    f.secrets = f.make({ ttl: 5_000, freshness: 5_000, checkInterval: undefined });
    // A source that takes 200 ms of the test clock to answer.
    f.sm.mock.on(GetSecretValueCommand).callsFake(async (input) => {
      f.clock.advance(200);
      return f.sm.double.handle('GetSecretValue', input);
    });
    const start = f.clock.now;
    await f.secrets.get(NAME); // sent at start, answered at start + 200: expires at start + 5,000

    f.clock.now = start + 4_599;
    await f.secrets.get(NAME);
    expect(calls().get).toBe(1);

    f.clock.now = start + 4_600; // 2 x 200 ms before expiry
    const served = await f.secrets.get(NAME);
    expect(served.reveal()).toBe('token-v1');
    expect(f.events.at(-1)).toMatchObject({ hit: true });
    await flush();
    expect(calls().get).toBe(2);
  });

  it('serves readers between the jittered expiry and the TTL while the fetch runs in the background', async () => {
    f.secrets = f.make({ ttl: 5_000, freshness: 5_000, checkInterval: undefined, jitter: 0.1, random: () => 1 });
    const start = f.clock.now;
    await f.secrets.get(NAME); // jittered expiry at start + 4,500, TTL at start + 5,000
    let attempts = 0;
    f.sm.mock.on(GetSecretValueCommand).callsFake(async () => {
      attempts += 1;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });

    f.clock.now = start + 4_499;
    await f.secrets.get(NAME);
    expect(attempts).toBe(0);

    f.clock.now = start + 4_500;
    expect((await f.secrets.get(NAME)).reveal()).toBe('token-v1');
    expect(f.events.at(-1)).toMatchObject({ hit: true, stale: false });
    await flush();
    expect(attempts).toBe(1);
    // The background fetch failed: from now on the value is served as stale, and said so.
    expect(f.warnings.map((w) => w.message)).toEqual(['serving the last good value of a secret because its refresh failed']);
    await f.secrets.get(NAME);
    expect(f.events.at(-1)).toMatchObject({ stale: true });
  });

  it('refuses a freshness bound that is not a positive number, naming the field and the fix', () => {
    expect(() => f.make({ freshness: 0 })).toThrow(/freshness: 0 is not a positive number.*5000/);
  });
});
