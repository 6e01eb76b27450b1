// The generic steps over a stateful fake credential holder: setSecret installs the pending password
// there, testSecret logs in with it. Proves finishSecret, call economy and observability.
import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatePassword } from '../../../lambdas/rotation/core/password';
import { rotate, type RotationDeps } from '../../../lambdas/rotation/core/rotate';
import type { RotationStrategy } from '../../../lambdas/rotation/core/strategy';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock } from '../../../lambdas/rotation/system';
import { METRIC } from '../../../lambdas/shared/metrics';
import { InjectedFailure, installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { ALL_STEPS, captureLogger, captureMetrics, seededRandom, startRotation } from './helpers';

const CANARY = 'canary-old-password-7Qx9';

/** A service that accepts exactly one password for `app`. */
class CredentialHolder {
  accepted = CANARY;
  logins = 0;
  login(password: string): boolean {
    this.logins += 1;
    return password === this.accepted;
  }
}

function holderStrategy(holder: CredentialHolder): RotationStrategy {
  const password = (s: string) => (JSON.parse(s) as { password: string }).password;
  return {
    name: 'test-holder',
    async createSecret(ctx) {
      const current = JSON.parse((await ctx.current()).secretString) as Record<string, unknown>;
      return JSON.stringify({ ...current, password: generatePassword(ctx.random) });
    },
    async setSecret(ctx) {
      const pending = await ctx.pending();
      if (!pending) throw ctx.fail('no pending value');
      if (holder.login(password(pending.secretString))) return;
      const current = await ctx.current();
      const previous = holder.login(password(current.secretString)) ? undefined : await ctx.previous();
      if (previous && !holder.login(password(previous.secretString))) throw ctx.fail('cannot log in with AWSCURRENT or AWSPREVIOUS');
      holder.accepted = password(pending.secretString);
    },
    async testSecret(ctx) {
      const pending = await ctx.pending();
      // A careless message that quotes the value: the core must mask it.
      if (!pending || !holder.login(password(pending.secretString))) throw ctx.fail(`pending password rejected: "${pending ? password(pending.secretString) : ''}"`);
    },
  };
}

let sm: InstalledSecretsManagerDouble;
let holder: CredentialHolder;
let deps: RotationDeps & { logger: ReturnType<typeof captureLogger>; metrics: ReturnType<typeof captureMetrics> };
let arn: string;
let oldVersion: string;

beforeEach(() => {
  sm = installSecretsManagerDouble();
  holder = new CredentialHolder();
  deps = { store: secretsManagerStore(sm.client), strategy: holderStrategy(holder), clock: systemClock, random: seededRandom(5), logger: captureLogger(), metrics: captureMetrics() };
  oldVersion = randomUUID();
  arn = sm.double.seed({ name: 'dev/app', versionId: oldVersion, secretString: JSON.stringify({ username: 'app', password: CANARY }) });
});
afterEach(() => sm.restore());

const passwordAt = (stage: string) => {
  const value = sm.double.valueAt(arn, stage);
  return value === undefined ? undefined : (JSON.parse(value) as { password: string }).password;
};

describe('a full rotation', () => {
  it('ends with AWSCURRENT on the new version, AWSPREVIOUS on the old one, no AWSPENDING, and the holder on the new password', async () => {
    const event = await startRotation(sm.client, arn);
    const token = event('createSecret').ClientRequestToken;

    for (const step of ALL_STEPS) await rotate(event(step), deps);

    expect(sm.double.stagesOf(arn)).toEqual({ [oldVersion]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
    expect(holder.accepted).toBe(passwordAt('AWSCURRENT'));
    expect(passwordAt('AWSPREVIOUS')).toBe(CANARY);
  });

  it('makes one DescribeSecret per step and only the reads a step needs (13 calls in all: createSecret reads the token\'s version first, finishSecret tests what it promotes)', async () => {
    const event = await startRotation(sm.client, arn);
    const perStep: Record<string, string[]> = {};

    for (const step of ALL_STEPS) {
      sm.double.clearCalls();
      await rotate(event(step), deps);
      perStep[step] = sm.double.calls().map((c) => c.operation);
    }

    expect(perStep).toEqual({
      createSecret: ['DescribeSecret', 'GetSecretValue', 'GetSecretValue', 'PutSecretValue'],
      setSecret: ['DescribeSecret', 'GetSecretValue', 'GetSecretValue'],
      testSecret: ['DescribeSecret', 'GetSecretValue'],
      finishSecret: ['DescribeSecret', 'GetSecretValue', 'UpdateSecretVersionStage', 'UpdateSecretVersionStage'],
    });
  });

  it('leaves nothing that blocks the next rotation', async () => {
    const first = await startRotation(sm.client, arn);
    for (const step of ALL_STEPS) await rotate(first(step), deps);

    const second = await startRotation(sm.client, arn);
    for (const step of ALL_STEPS) await rotate(second(step), deps);

    expect(sm.double.versionAt(arn, 'AWSCURRENT')).toBe(second('createSecret').ClientRequestToken);
    expect(sm.double.versionAt(arn, 'AWSPREVIOUS')).toBe(first('createSecret').ClientRequestToken);
    expect(sm.double.versionAt(arn, 'AWSPENDING')).toBeUndefined();
  });

  it('passes the event RotationToken to PutSecretValue', async () => {
    const event = await startRotation(sm.client, arn, { RotationToken: 'cross-account-token' });

    await rotate(event('createSecret'), deps);

    expect(sm.double.calls('PutSecretValue')[0]!.input).toMatchObject({ RotationToken: 'cross-account-token', VersionStages: ['AWSPENDING'] });
  });
});

describe('retries and crashes', () => {
  it('a replayed createSecret keeps the first pending value', async () => {
    const event = await startRotation(sm.client, arn);
    await rotate(event('createSecret'), deps);
    const pending = passwordAt('AWSPENDING');

    const replay = await rotate(event('createSecret'), deps);

    expect(replay.outcome).toBe('already-done');
    expect(passwordAt('AWSPENDING')).toBe(pending);
  });

  it('finishSecret that died between its two calls completes on retry', async () => {
    const event = await startRotation(sm.client, arn);
    for (const step of ALL_STEPS.slice(0, 3)) await rotate(event(step), deps);
    sm.double.failNext('UpdateSecretVersionStage', new InjectedFailure('Lambda died'), { afterEffect: true });

    await expect(rotate(event('finishSecret'), deps)).rejects.toThrow(/^finishSecret: .*InjectedFailure: Lambda died/);
    expect(sm.double.stagesOf(arn)[event('finishSecret').ClientRequestToken]).toEqual(['AWSCURRENT', 'AWSPENDING']);
    const retry = await rotate(event('finishSecret'), deps);

    expect(retry.outcome).toBe('completed');
    expect(sm.double.stagesOf(arn)).toEqual({ [oldVersion]: ['AWSPREVIOUS'], [event('finishSecret').ClientRequestToken]: ['AWSCURRENT'] });
    expect(deps.metrics.count(METRIC.rotationCompleted)).toBe(1);
  });

  it('survives a crash after every Secrets Manager call of the rotation, retried from that step', async () => {
    const clean = installSecretsManagerDouble();
    // Count the calls of an undisturbed rotation to know every injection point.
    const cleanArn = clean.double.seed({ name: 'probe', secretString: JSON.stringify({ username: 'app', password: CANARY }) });
    const probeEvent = await startRotation(clean.client, cleanArn);
    clean.double.clearCalls();
    const probeDeps = { ...deps, store: secretsManagerStore(clean.client), strategy: holderStrategy(new CredentialHolder()) };
    for (const step of ALL_STEPS) await rotate(probeEvent(step), probeDeps);
    const points = clean.double.callCount();
    clean.restore();
    sm = installSecretsManagerDouble();
    deps = { ...deps, store: secretsManagerStore(sm.client) };

    let covered = 0;
    for (let point = 1; point <= points; point += 1) {
      holder = new CredentialHolder();
      deps = { ...deps, strategy: holderStrategy(holder) };
      arn = sm.double.seed({ name: `dev/app-${point}`, secretString: JSON.stringify({ username: 'app', password: CANARY }) });
      const event = await startRotation(sm.client, arn);
      let seen = 0;
      const remove = sm.double.afterCall(() => {
        seen += 1;
        if (seen === point) throw new InjectedFailure(`crash after call ${point}`);
      });

      for (const step of ALL_STEPS) {
        const failed = await rotate(event(step), deps).then(() => false, () => true);
        // Invariant 2: a stored version the holder accepts exists at every instant.
        expect([passwordAt('AWSCURRENT'), passwordAt('AWSPENDING')]).toContain(holder.accepted);
        if (failed) {
          covered += 1;
          await rotate(event(step), deps);
        }
      }
      remove();

      expect(passwordAt('AWSCURRENT')).toBe(holder.accepted);
      expect(sm.double.versionAt(arn, 'AWSPENDING')).toBeUndefined();
      expect(passwordAt('AWSPREVIOUS')).toBe(CANARY);
    }

    expect(points).toBe(13);
    // createSecret's read of the still empty pending version fails (ResourceNotFoundException): no effect, no crash point after it.
    expect(covered).toBe(points - 1);
  });
});

describe('observability', () => {
  it('logs one line per step with ARN, step, strategy, outcome and duration, and emits step metrics', async () => {
    const event = await startRotation(sm.client, arn);

    for (const step of ALL_STEPS) await rotate(event(step), deps);

    expect(deps.logger.lines).toHaveLength(4);
    expect(deps.logger.lines.map((l) => [l.attributes.step, l.attributes.outcome])).toEqual(ALL_STEPS.map((s) => [s, 'completed']));
    for (const line of deps.logger.lines) {
      // The token lets `warden rotate --wait` find this rotation's lines (FilterLogEvents on $.clientRequestToken).
      expect(line.attributes).toMatchObject({ secretArn: arn, strategy: 'test-holder', clientRequestToken: event('createSecret').ClientRequestToken });
      expect(typeof line.attributes.durationMs).toBe('number');
    }
    expect(deps.metrics.count(METRIC.rotationStepSucceeded)).toBe(4);
    expect(deps.metrics.emitted.filter((m) => m.name === METRIC.rotationStepDuration && m.unit === 'Milliseconds')).toHaveLength(4);
    expect(deps.metrics.count(METRIC.rotationCompleted)).toBe(1);
  });

  it('logs a failed step once, at error level, with the message but never a secret value', async () => {
    const event = await startRotation(sm.client, arn);
    await rotate(event('createSecret'), deps);
    await rotate(event('setSecret'), deps);
    holder.accepted = 'something-else';
    deps.logger.lines.length = 0;

    const error = (await rotate(event('testSecret'), deps).catch((e: unknown) => e)) as Error;

    expect(deps.logger.lines).toHaveLength(1);
    expect(deps.logger.lines[0]).toMatchObject({ level: 'error', attributes: { step: 'testSecret', outcome: 'failed', secretArn: arn } });
    expect(String(deps.logger.lines[0]!.attributes.error)).toMatch(/testSecret: pending password rejected/);
    expect(deps.metrics.count(METRIC.rotationStepFailed)).toBe(1);
    const pending = passwordAt('AWSPENDING')!;
    for (const text of [JSON.stringify(deps.logger.lines), error.message, String(error.stack)]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(pending);
    }
    expect(error.message).toContain('[REDACTED]');
  });

  it('logs an invalid event once with what it could read', async () => {
    await rotate({ SecretId: arn, Step: 'createSecret' }, deps).catch(() => undefined);

    expect(deps.logger.lines).toEqual([expect.objectContaining({ level: 'error', attributes: expect.objectContaining({ secretArn: arn, step: 'createSecret', outcome: 'failed' }) })]);
  });

  it('RotateSecret left AWSPENDING without a value: testSecret fails instead of passing', async () => {
    const token = randomUUID();
    await sm.client.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token, RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f' }));

    await expect(rotate({ SecretId: arn, ClientRequestToken: token, Step: 'testSecret' }, deps)).rejects.toThrow(/testSecret: pending password rejected/);
  });
});
