import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretFetchError, SecretNotFoundError } from '../../../client/index';
import { AWSCURRENT, AWSPREVIOUS, throttlingException } from '../../support/secrets-manager-double';
import { clientFixture, finishRotation, rotateValue, type ClientFixture } from './support';

describe('secrets client cache over the Secrets Manager double', () => {
  let f: ClientFixture;
  let arn: string;

  beforeEach(() => {
    f = clientFixture();
    arn = f.sm.double.seed({ name: 'dev/payments/api-token', secretString: 'token-v1' });
  });
  afterEach(() => f.sm.restore());

  it('makes one GetSecretValue for a thousand concurrent gets of a cold key', async () => {
    const values = await Promise.all(Array.from({ length: 1000 }, () => f.secrets.get('payments/api-token')));

    expect(new Set(values.map((v) => v.reveal()))).toEqual(new Set(['token-v1']));
    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 1 });
    expect(f.sm.double.calls('GetSecretValue')[0]!.input).toEqual({ SecretId: 'dev/payments/api-token', VersionStage: AWSCURRENT });
  });

  it('serves hits without calls until the check interval, then checks with one DescribeSecret', async () => {
    await f.secrets.get('payments/api-token');
    f.clock.advance(2_999);
    await Promise.all(Array.from({ length: 50 }, () => f.secrets.get('payments/api-token')));
    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 1 });

    f.clock.advance(1);
    await Promise.all(Array.from({ length: 50 }, () => f.secrets.get('payments/api-token')));
    await new Promise((resolve) => setImmediate(resolve));

    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 1, DescribeSecret: 1 });
    expect(f.events.filter((e) => !e.hit)).toHaveLength(1);
    expect(f.events).toHaveLength(101);
  });

  it('picks up a rotated value at the first change check after finishSecret, and tells onChange once', async () => {
    const changes: string[] = [];
    f.secrets.onChange('payments/api-token', (value, previous) => changes.push(`${previous} -> ${value.versionId}`));
    const first = await f.secrets.get('payments/api-token');
    const token = await rotateValue(f.sm, arn, 'token-v2');

    f.clock.advance(3_000);
    const during = await f.secrets.get('payments/api-token'); // served while the check runs in the background
    await f.secrets.get('payments/api-token');
    await new Promise((resolve) => setImmediate(resolve));
    const after = await f.secrets.get('payments/api-token');

    expect(during.reveal()).toBe('token-v1');
    expect(after.reveal()).toBe('token-v2');
    expect(after.versionId).toBe(token);
    expect(changes).toEqual([`${first.versionId} -> ${token}`]);
    expect(f.sm.double.callCounts()).toMatchObject({ DescribeSecret: 1, GetSecretValue: 2 });
  });

  it('confirms an unchanged version with DescribeSecret alone and keeps serving it', async () => {
    await f.secrets.get('payments/api-token');
    for (let i = 0; i < 5; i += 1) {
      f.clock.advance(3_000);
      await f.secrets.get('payments/api-token');
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Past the 60 s TTL too: each check confirmed the version, so no second GetSecretValue.
    f.clock.advance(60_000);
    await f.secrets.get('payments/api-token');

    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 1, DescribeSecret: 6 });
  });

  /** DescribeSecret as a compatible server that leaves fields out answers; then a rotation and one change check. */
  async function rotateBehindSparseDescribe(...omit: string[]): Promise<void> {
    f.sm.mock.on(DescribeSecretCommand).callsFake(async (input) => {
      const out: Record<string, unknown> = { ...(await f.sm.double.handle('DescribeSecret', input)) };
      for (const field of omit) delete out[field];
      return out;
    });
    await f.secrets.get('payments/api-token');
    await rotateValue(f.sm, arn, 'token-v2');
    f.clock.advance(3_000);
    await f.secrets.get('payments/api-token');
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('falls back to the TTL when DescribeSecret omits VersionIdsToStages and NextRotationDate (a compatible server)', async () => {
    await rotateBehindSparseDescribe('VersionIdsToStages', 'NextRotationDate');
    f.clock.advance(50_000);
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v1');
    expect(f.sm.double.callCount('DescribeSecret')).toBe(1); // no more checks: they cannot tell

    f.clock.advance(7_000); // the 60 s TTL
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v2');
  });

  it('expires at the next rotation date when the server gives it but no version map', async () => {
    f.sm.double.secret(arn)!.nextRotationDate = new Date(f.clock.now + 10_000);
    await rotateBehindSparseDescribe('VersionIdsToStages');
    f.clock.advance(6_999);
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v1');
    f.clock.advance(1);
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v2');
  });

  it('keys the cache by stage and version id', async () => {
    const token = await rotateValue(f.sm, arn, 'token-v2');

    const current = await f.secrets.get('payments/api-token');
    const previous = await f.secrets.get('payments/api-token', { stage: AWSPREVIOUS });
    const pinned = await f.secrets.get('payments/api-token', { versionId: token });

    expect([current.reveal(), previous.reveal(), pinned.reveal()]).toEqual(['token-v2', 'token-v1', 'token-v2']);
    expect(f.sm.double.calls('GetSecretValue').map((c) => c.input)).toEqual([
      { SecretId: 'dev/payments/api-token', VersionStage: AWSCURRENT },
      { SecretId: 'dev/payments/api-token', VersionStage: AWSPREVIOUS },
      { SecretId: 'dev/payments/api-token', VersionId: token },
    ]);
  });

  it('never checks a value pinned by version id (a version never changes) until its TTL', async () => {
    const version = f.sm.double.versionAt(arn, AWSCURRENT)!;
    await f.secrets.get('payments/api-token', { versionId: version });
    f.clock.advance(3_000);
    await f.secrets.get('payments/api-token', { versionId: version });
    await new Promise((resolve) => setImmediate(resolve));
    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 1 });
  });

  it('serves the last good value when a refresh is throttled, says so in a log line, and fails past maxStale', async () => {
    const secrets = f.make({ maxStale: 120_000, errorBackoff: 1_000 });
    await secrets.get('payments/api-token');
    f.sm.double.throttle({ everyNth: 1 });

    f.clock.advance(61_000); // expired: the reader waits for the refresh, which is throttled
    const stale = await secrets.get('payments/api-token');
    expect(stale.reveal()).toBe('token-v1');
    expect(f.warnings.map((w) => w.message)).toEqual([
      'the change check of a secret failed; its TTL decides until the next fetch',
      'serving the last good value of a secret because its refresh failed',
    ]);
    expect(f.warnings[1]).toMatchObject({
      message: 'serving the last good value of a secret because its refresh failed',
      details: { secretId: 'dev/payments/api-token', source: 'secrets-manager', ageSeconds: 61, maxStaleSeconds: 120 },
    });
    expect(String(f.warnings[1]!.details.error)).toContain('ThrottlingException');
    expect(f.events.at(-1)).toMatchObject({ stale: true });

    const callsBefore = f.sm.double.callCount();
    await secrets.get('payments/api-token'); // within the back-off: no call
    expect(f.sm.double.callCount()).toBe(callsBefore);

    f.clock.advance(60_000); // 121 s since last confirmed
    await expect(secrets.get('payments/api-token')).rejects.toBeInstanceOf(SecretFetchError);
  });

  it('recovers from stale once the source answers again', async () => {
    await f.secrets.get('payments/api-token');
    f.sm.double.throttle({ everyNth: 1 });
    f.clock.advance(61_000);
    await f.secrets.get('payments/api-token');
    f.sm.double.stopThrottling();
    f.clock.advance(1_000);
    await f.secrets.get('payments/api-token');
    await new Promise((resolve) => setImmediate(resolve));
    await f.secrets.get('payments/api-token');
    expect(f.events.at(-1)).toMatchObject({ stale: false, hit: true });
  });

  it('falls back to the TTL, without failing a read, when DescribeSecret is denied', async () => {
    await f.secrets.get('payments/api-token');
    const denied = Object.assign(new Error('not authorized to perform: secretsmanager:DescribeSecret'), { name: 'AccessDeniedException' });
    f.sm.double.failNext('DescribeSecret', denied);
    await rotateValue(f.sm, arn, 'token-v2');
    f.clock.advance(3_000);
    await f.secrets.get('payments/api-token');
    await new Promise((resolve) => setImmediate(resolve));
    f.clock.advance(50_000);
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v1');
    expect(f.warnings.map((w) => [w.message, String(w.details.error)])).toEqual([
      ['the change check of a secret failed; its TTL decides until the next fetch', expect.stringContaining('AccessDeniedException') as unknown as string],
    ]);
    f.clock.advance(7_000);
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v2');
  });

  it('throws a typed, actionable error for a cold key whose fetch fails, with the cause kept', async () => {
    f.sm.double.failNext('GetSecretValue', throttlingException());
    const error = await f.secrets.get('payments/api-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretFetchError);
    expect((error as Error).message).toMatch(/secrets-manager GetSecretValue of dev\/payments\/api-token failed: ThrottlingException/);
    expect((error as Error).cause).toBeDefined();
  });

  it('says which sources it asked when no source has the secret', async () => {
    await expect(f.secrets.get('payments/missing')).rejects.toThrow(SecretNotFoundError);
    await expect(f.secrets.get('payments/missing')).rejects.toThrow(/dev\/payments\/missing was not found in any source \(secrets-manager\)/);
  });

  it('refresh() fetches now, skipping the cache', async () => {
    await f.secrets.get('payments/api-token');
    await rotateValue(f.sm, arn, 'token-v2');
    expect((await f.secrets.refresh('payments/api-token')).reveal()).toBe('token-v2');
    expect((await f.secrets.get('payments/api-token')).reveal()).toBe('token-v2');
    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 2, PutSecretValue: 1, UpdateSecretVersionStage: 2 });
  });

  it('holds at most maxEntries entries, dropping the least recently fetched', async () => {
    f.sm.double.seed({ name: 'dev/b', secretString: 'b' });
    f.sm.double.seed({ name: 'dev/c', secretString: 'c' });
    const secrets = f.make({ maxEntries: 2 });
    await secrets.get('payments/api-token');
    await secrets.get('b');
    await secrets.get('c');
    await secrets.get('c');
    await secrets.get('b');
    expect(f.sm.double.callCount('GetSecretValue')).toBe(3);
    await secrets.get('payments/api-token');
    expect(f.sm.double.callCount('GetSecretValue')).toBe(4);
  });

  it('parses JSON once per version, freezes it, and masks fields', async () => {
    f.sm.double.seed({ name: 'dev/payments/db', secretString: JSON.stringify({ username: 'app', password: 'pw-1', port: 5432 }) });
    const json = await f.secrets.json<{ username: string; password: string }>('payments/db');
    const password = await f.secrets.field('payments/db', 'password');
    const port = await f.secrets.field('payments/db', 'port');

    expect(json.reveal().username).toBe('app');
    expect(Object.isFrozen(json.reveal())).toBe(true);
    expect(await f.secrets.json('payments/db')).toBe(json);
    expect(password.reveal()).toBe('pw-1');
    expect(port.reveal()).toBe('5432');
    expect(String(password)).toBe('[secret payments/db#password]');
    await expect(f.secrets.field('payments/db', 'nope')).rejects.toThrow(/has no text field "nope"/);
    await expect(f.secrets.json('payments/api-token')).rejects.toThrow(/is not valid JSON/);
    expect(f.sm.double.callCount('GetSecretValue')).toBe(2);
  });
});

describe('jitter', () => {
  let f: ClientFixture;
  beforeEach(() => {
    f = clientFixture();
    f.sm.double.seed({ name: 'dev/k', secretString: 'v' });
  });
  afterEach(() => f.sm.restore());

  // With a TTL within the freshness bound there is no change check: the first call after the fetch marks the jittered expiry.
  async function firstCallAfterFetch(random: number, jitter: number): Promise<number> {
    const secrets = f.make({ ttl: 100_000, freshness: 100_000, jitter, random: () => random });
    const start = f.clock.now;
    await secrets.get('k');
    const calls = f.sm.double.callCount();
    for (let t = 0; t <= 100_000; t += 500) {
      f.clock.now = start + t;
      await secrets.get('k');
      await new Promise((resolve) => setImmediate(resolve)); // a fetch started in the background
      if (f.sm.double.callCount() > calls) return t;
    }
    return Number.POSITIVE_INFINITY;
  }

  it('takes between 0 and jitter x TTL off, never more, never adds', async () => {
    expect(await firstCallAfterFetch(0, 0.2)).toBe(100_000);
    expect(await firstCallAfterFetch(1, 0.2)).toBe(80_000);
    expect(await firstCallAfterFetch(0.5, 0.2)).toBe(90_000);
  });

  it('refuses a jitter outside [0, 0.5]', () => {
    expect(() => f.make({ jitter: 0.6 })).toThrow(/jitter: 0.6 is outside \[0, 0.5\]/);
  });
});

describe('finishing a rotation mid-read', () => {
  it('leaves readers on AWSCURRENT while AWSPENDING exists, then moves them', async () => {
    const f = clientFixture();
    const arn = f.sm.double.seed({ name: 'dev/k', secretString: 'v1' });
    await f.secrets.get('k');
    const token = await rotateValue(f.sm, arn, 'v2', false);
    f.clock.advance(3_000);
    await f.secrets.get('k');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await f.secrets.get('k')).reveal()).toBe('v1');

    await finishRotation(f.sm, arn, token);
    f.clock.advance(3_000);
    await f.secrets.get('k');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await f.secrets.get('k')).reveal()).toBe('v2');
    f.sm.restore();
  });
});

describe('a server whose GetSecretValue without a stage is not AWSCURRENT (moto)', () => {
  it('reads the version a rotation made AWSCURRENT with UpdateSecretVersionStage, not the one last written as AWSCURRENT', async () => {
    const f = clientFixture({}, { unstagedRead: 'last-written' });
    const arn = f.sm.double.seed({ name: 'dev/k', secretString: 'v1' });
    expect((await f.secrets.get('k')).reveal()).toBe('v1');

    const token = await rotateValue(f.sm, arn, 'v2');
    f.clock.advance(3_000);
    await f.secrets.get('k');
    await new Promise((resolve) => setImmediate(resolve));
    const after = await f.secrets.get('k');

    expect(after.reveal()).toBe('v2');
    expect(after.versionId).toBe(token);
    // One refetch: the version read is the one DescribeSecret names, so the next check confirms it.
    f.clock.advance(3_000);
    await f.secrets.get('k');
    await new Promise((resolve) => setImmediate(resolve));
    expect(f.sm.double.callCounts()).toMatchObject({ GetSecretValue: 2, DescribeSecret: 2 });
    f.sm.restore();
  });
});
