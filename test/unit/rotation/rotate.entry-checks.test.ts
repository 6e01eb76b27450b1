import { CancelRotateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lambdas/rotation/core/ports';
import { randomTokenStrategy } from '../../../lambdas/rotation/core/random-token';
import { rotate, type RotationDeps } from '../../../lambdas/rotation/core/rotate';
import { RotationError } from '../../../lambdas/rotation/core/strategy';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock } from '../../../lambdas/rotation/system';
import { InputError } from '../../../lambdas/shared/errors';
import { installSecretsManagerDouble, MUTATING_OPERATIONS, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { ALL_STEPS, seededRandom, startRotation } from './helpers';

let sm: InstalledSecretsManagerDouble;
let deps: RotationDeps;
let arn: string;

beforeEach(() => {
  sm = installSecretsManagerDouble();
  deps = { store: secretsManagerStore(sm.client), strategy: randomTokenStrategy(), clock: systemClock, random: seededRandom(1) };
  arn = sm.double.seed({ name: 'dev/api-token', secretString: '{"token":"old-token-value-0000000000000"}' });
});
afterEach(() => sm.restore());

const writes = () => sm.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation) && c.outcome === 'ok');

describe('event validation', () => {
  it.each([
    ['SecretId', { ClientRequestToken: 't', Step: 'createSecret' }],
    ['ClientRequestToken', { SecretId: 's', Step: 'createSecret' }],
    ['Step', { SecretId: 's', ClientRequestToken: 't' }],
  ])('rejects an event without %s, naming the field, before any call', async (name, event) => {
    const error = await rotate(event, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(`event.${name}`);
    expect(sm.double.callCount()).toBe(0);
  });

  it('rejects an unknown step and a non-object event', async () => {
    await expect(rotate({ SecretId: 's', ClientRequestToken: 't', Step: 'dropSecret' }, deps)).rejects.toThrow(/event.Step: "dropSecret" is not a rotation step; use one of createSecret/);
    await expect(rotate('createSecret', deps)).rejects.toBeInstanceOf(InputError);
    expect(sm.double.callCount()).toBe(0);
  });
});

describe('entry checks on every step', () => {
  it.each(ALL_STEPS)('%s: fails when rotation is disabled, changing nothing', async (step: Step) => {
    const event = await startRotation(sm.client, arn);
    await sm.client.send(new CancelRotateSecretCommand({ SecretId: arn }));
    const before = sm.double.stagesOf(arn);
    sm.double.clearCalls();

    await expect(rotate(event(step), deps)).rejects.toThrow(new RegExp(`^${step}: rotation is not enabled on the secret.*\\(secret ${arn}\\)$`));

    expect(sm.double.stagesOf(arn)).toEqual(before);
    expect(writes()).toEqual([]);
  });

  it.each(ALL_STEPS)('%s: fails when the token is not a version of the secret', async (step: Step) => {
    await startRotation(sm.client, arn);
    sm.double.clearCalls();

    const error = await rotate({ SecretId: arn, ClientRequestToken: randomUUID(), Step: step }, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RotationError);
    expect((error as RotationError).message).toMatch(/is not a version of the secret/);
    expect(writes()).toEqual([]);
  });

  it.each(ALL_STEPS)('%s: succeeds without a write when the token is already AWSCURRENT', async (step: Step) => {
    const event = await startRotation(sm.client, arn);
    for (const s of ALL_STEPS) await rotate(event(s), deps);
    const before = sm.double.stagesOf(arn);
    sm.double.clearCalls();

    const result = await rotate(event(step), deps);

    expect(result.outcome).toBe('already-done');
    expect(sm.double.calls().map((c) => c.operation)).toEqual(['DescribeSecret']);
    expect(sm.double.stagesOf(arn)).toEqual(before);
  });

  it.each(ALL_STEPS)('%s: fails when the token is a version without AWSPENDING', async (step: Step) => {
    await startRotation(sm.client, arn);
    const stray = randomUUID();
    await sm.client.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: stray, SecretString: '{"token":"x"}', VersionStages: ['CUSTOM'] }));
    sm.double.clearCalls();

    await expect(rotate({ SecretId: arn, ClientRequestToken: stray, Step: step }, deps)).rejects.toThrow(/is not staged as AWSPENDING/);

    expect(writes()).toEqual([]);
  });

  it('accepts the secret name as SecretId and reports the ARN', async () => {
    const event = await startRotation(sm.client, 'dev/api-token');

    const result = await rotate(event('createSecret'), deps);

    expect(result).toEqual({ step: 'createSecret', secretArn: arn, outcome: 'completed' });
  });

  it('wraps a Secrets Manager failure in a RotationError naming the step, the operation and the secret', async () => {
    const event = await startRotation(sm.client, arn);
    sm.double.throttle({ everyNth: 1, operations: ['PutSecretValue'] });

    const error = await rotate(event('createSecret'), deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RotationError);
    expect((error as Error).message).toBe(`createSecret: Secrets Manager PutSecretValue on ${arn} failed: ThrottlingException: Rate exceeded (secret ${arn})`);
    expect((error as Error).cause).toBeDefined();
  });
});
