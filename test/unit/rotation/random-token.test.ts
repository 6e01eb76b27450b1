import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lambdas/rotation/core/ports';
import { RANDOM_ALPHABET_SIZES } from '../../../contract/random-token';
import { ALPHABETS, RANDOM_TAGS, randomMinBitsFromEnv, randomSettingsFromEnv, randomTokenStrategy } from '../../../lambdas/rotation/core/random-token';
import { rotate, type RotationDeps } from '../../../lambdas/rotation/core/rotate';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock } from '../../../lambdas/rotation/system';
import { InputError } from '../../../lambdas/shared/errors';
import { InjectedFailure, installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { ALL_STEPS, captureLogger, seededRandom, startRotation } from './helpers';

const OLD_TOKEN = 'old-token-canary-Zr8LmQ2pW4xY6vB1nC3d';
const KEPT_SECRET = 'kept-key-canary-3fKq9TzA';

let sm: InstalledSecretsManagerDouble;
let deps: RotationDeps & { logger: ReturnType<typeof captureLogger> };
let arn: string;

function seedSecret(name = 'dev/signing-key', tags: Record<string, string> = {}, value: unknown = { token: OLD_TOKEN, issuer: 'orders', extra: KEPT_SECRET }) {
  return sm.double.seed({ name, secretString: typeof value === 'string' ? value : JSON.stringify(value), tags: { 'warden:kind': 'random', ...tags } });
}

beforeEach(() => {
  sm = installSecretsManagerDouble();
  deps = { store: secretsManagerStore(sm.client), strategy: randomTokenStrategy(), clock: systemClock, random: seededRandom(11), logger: captureLogger() };
  arn = seedSecret();
});
afterEach(() => sm.restore());

const valueAt = (stage: string) => JSON.parse(sm.double.valueAt(arn, stage)!) as Record<string, string>;

async function rotateFully(secretArn = arn) {
  const event = await startRotation(sm.client, secretArn);
  for (const step of ALL_STEPS) await rotate(event(step), deps);
  return event;
}

describe('random-token rotation', () => {
  it('replaces the token with 32 base64url characters and keeps every other key', async () => {
    await rotateFully();

    const current = valueAt('AWSCURRENT');
    expect(current.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(current.token).not.toBe(OLD_TOKEN);
    expect(current).toMatchObject({ issuer: 'orders', extra: KEPT_SECRET });
    expect(valueAt('AWSPREVIOUS').token).toBe(OLD_TOKEN);
    expect(sm.double.versionAt(arn, 'AWSPENDING')).toBeUndefined();
  });

  it('takes length, encoding and key from the function environment', async () => {
    deps = { ...deps, strategy: randomTokenStrategy(randomSettingsFromEnv({ RANDOM_LENGTH: '64', RANDOM_ENCODING: 'hex', RANDOM_KEY: 'token' })) };

    await rotateFully();

    expect(valueAt('AWSCURRENT').token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets the secret override them with warden:random-* tags', async () => {
    const tagged = seedSecret('dev/hmac', { [RANDOM_TAGS.length]: '20', [RANDOM_TAGS.encoding]: 'alphanumeric', [RANDOM_TAGS.key]: 'hmacKey' }, { hmacKey: OLD_TOKEN });

    await rotateFully(tagged);

    const current = JSON.parse(sm.double.valueAt(tagged, 'AWSCURRENT')!) as Record<string, string>;
    expect(current.hmacKey).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(Object.keys(current)).toEqual(['hmacKey']);
  });

  it('draws printable tokens from all 94 printable characters', async () => {
    const tagged = seedSecret('dev/p', { [RANDOM_TAGS.encoding]: 'printable', [RANDOM_TAGS.length]: '200' }, { token: OLD_TOKEN });

    await rotateFully(tagged);

    const token = (JSON.parse(sm.double.valueAt(tagged, 'AWSCURRENT')!) as { token: string }).token;
    expect([...token].every((c) => ALPHABETS.printable.includes(c))).toBe(true);
    expect(ALPHABETS.printable).toHaveLength(94);
  });

  it('each step replayed (a Lambda retry) gives the same end state', async () => {
    const event = await startRotation(sm.client, arn);

    for (const step of ALL_STEPS) {
      await rotate(event(step), deps);
      const after = { stages: sm.double.stagesOf(arn), values: sm.double.versions(arn).map((v) => v.secretString) };
      await rotate(event(step), deps);
      expect({ stages: sm.double.stagesOf(arn), values: sm.double.versions(arn).map((v) => v.secretString) }).toEqual(after);
    }

    expect(sm.double.versionAt(arn, 'AWSCURRENT')).toBe(event('finishSecret').ClientRequestToken);
  });

  it('recovers from a crash after each Secrets Manager call, retried from that step', async () => {
    const report: string[] = [];
    for (let point = 1; ; point += 1) {
      const secret = seedSecret(`dev/crash-${point}`);
      const event = await startRotation(sm.client, secret);
      let seen = 0;
      const remove = sm.double.afterCall((call) => {
        seen += 1;
        if (seen === point) throw new InjectedFailure(`crash after ${call.operation}`);
      });
      let crashedIn: Step | undefined;
      for (const step of ALL_STEPS) {
        const ok = await rotate(event(step), deps).then(() => true, () => false);
        if (!ok) {
          crashedIn = step;
          await rotate(event(step), deps);
        }
      }
      remove();
      if (!crashedIn) break;
      report.push(`${point}:${crashedIn}`);

      const current = JSON.parse(sm.double.valueAt(secret, 'AWSCURRENT')!) as Record<string, string>;
      expect(current.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(current.extra).toBe(KEPT_SECRET);
      expect(sm.double.stagesOf(secret)[event('finishSecret').ClientRequestToken]).toEqual(['AWSCURRENT']);
    }

    // createSecret 3 calls (its read of the still empty pending version fails, no crash point), setSecret 1, testSecret 2, finishSecret 4 (it tests what it promotes).
    expect(report).toEqual(['1:createSecret', '2:createSecret', '3:createSecret', '4:setSecret', '5:testSecret', '6:testSecret', '7:finishSecret', '8:finishSecret', '9:finishSecret', '10:finishSecret']);
  });
});

describe('random-token failures', () => {
  it('testSecret rejects a pending value of the wrong shape without quoting it', async () => {
    const event = await startRotation(sm.client, arn);
    await sm.double.handle('PutSecretValue', { SecretId: arn, ClientRequestToken: event('createSecret').ClientRequestToken, SecretString: JSON.stringify({ token: 'short-canary-value' }), VersionStages: ['AWSPENDING'] });

    const error = (await rotate(event('testSecret'), deps).catch((e: unknown) => e)) as Error;

    expect(error.message).toBe(`testSecret: AWSPENDING's "token" has 18 characters, expected 32 (secret ${arn})`);
    expect(JSON.stringify(deps.logger.lines)).not.toContain('short-canary-value');
  });

  it('createSecret refuses a current value that is not a JSON object, naming neither value nor parser detail', async () => {
    const plain = seedSecret('dev/plain', {}, 'not-json-canary-value');
    const event = await startRotation(sm.client, plain);

    const error = (await rotate(event('createSecret'), deps).catch((e: unknown) => e)) as Error;

    expect(error.message).toMatch(/^createSecret: AWSCURRENT value is not JSON; a random secret holds a JSON object/);
    expect(error.message).not.toContain('not-json-canary-value');
    expect(sm.double.valueAt(plain, { versionId: event('createSecret').ClientRequestToken })).toBeUndefined();
  });

  it('a bad tag fails createSecret naming the tag, and writes nothing', async () => {
    const tagged = seedSecret('dev/bad', { [RANDOM_TAGS.encoding]: 'base32' });
    const event = await startRotation(sm.client, tagged);

    await expect(rotate(event('createSecret'), deps)).rejects.toThrow(/createSecret: tag warden:random-encoding: must be one of alphanumeric, base64url, hex, printable, got "base32"/);

    expect(sm.double.calls('PutSecretValue')).toHaveLength(0);
  });

  it('createSecret refuses tags that weaken the token below the environment floor (RANDOM_MIN_BITS), and writes nothing', async () => {
    deps = { ...deps, strategy: randomTokenStrategy(randomSettingsFromEnv({}), randomMinBitsFromEnv({ RANDOM_MIN_BITS: '190' })) };
    const shortened = seedSecret('dev/shortened', { [RANDOM_TAGS.length]: '16', [RANDOM_TAGS.encoding]: 'hex' });
    const event = await startRotation(sm.client, shortened);

    await expect(rotate(event('createSecret'), deps)).rejects.toThrow(/createSecret: tags warden:random-length and warden:random-encoding ask for 16 hex characters \(64 bits\), below this environment's floor of 190 bits/);

    expect(sm.double.calls('PutSecretValue')).toHaveLength(0);
  });

  it('createSecret refuses a key tag retargeted to a key the current value does not hold (the real key would never rotate), and writes nothing', async () => {
    const retargeted = seedSecret('dev/retargeted', { [RANDOM_TAGS.key]: 'unused' });
    const event = await startRotation(sm.client, retargeted);

    await expect(rotate(event('createSecret'), deps)).rejects.toThrow(/createSecret: AWSCURRENT has no string under "unused" \(tag warden:random-key\)/);

    expect(sm.double.calls('PutSecretValue')).toHaveLength(0);
  });

  it('measures strength with the alphabets it draws from (contract sizes match)', () => {
    expect(Object.fromEntries(Object.entries(ALPHABETS).map(([encoding, alphabet]) => [encoding, alphabet.length]))).toEqual(RANDOM_ALPHABET_SIZES);
  });

  it.each([
    [{ RANDOM_MIN_BITS: '12' }, 'RANDOM_MIN_BITS'],
    [{ RANDOM_MIN_BITS: 'lots' }, 'RANDOM_MIN_BITS'],
  ])('rejects environment %o naming %s', (env, name) => {
    expect(() => randomMinBitsFromEnv(env)).toThrow(new RegExp(`environment variable ${name}`));
  });

  it.each([
    [{ RANDOM_LENGTH: '8' }, 'RANDOM_LENGTH'],
    [{ RANDOM_LENGTH: 'x' }, 'RANDOM_LENGTH'],
    [{ RANDOM_ENCODING: 'base32' }, 'RANDOM_ENCODING'],
    [{ RANDOM_KEY: ' ' }, 'RANDOM_KEY'],
  ])('rejects environment %o naming %s', (env, name) => {
    expect(() => randomSettingsFromEnv(env)).toThrow(InputError);
    expect(() => randomSettingsFromEnv(env)).toThrow(new RegExp(`environment variable ${name}`));
  });

  it('never lets a current or pending value reach a log line or an error (canary)', async () => {
    const errors: string[] = [];
    const event = await startRotation(sm.client, arn);
    sm.double.failNext('PutSecretValue', new InjectedFailure('died'), { afterEffect: true });
    for (const step of ALL_STEPS) {
      await rotate(event(step), deps).catch((e: Error) => errors.push(`${e.message}\n${e.stack}`));
      await rotate(event(step), deps).catch((e: Error) => errors.push(`${e.message}\n${e.stack}`));
    }
    await rotate({ SecretId: arn, ClientRequestToken: randomUUID(), Step: 'testSecret' }, deps).catch((e: Error) => errors.push(e.message));

    const captured = JSON.stringify(deps.logger.lines) + errors.join('\n');
    expect(errors.length).toBeGreaterThan(0);
    for (const secret of [OLD_TOKEN, KEPT_SECRET, valueAt('AWSCURRENT').token!]) expect(captured).not.toContain(secret);
  });
});
