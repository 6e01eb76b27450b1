// The deployed entry point: middy, Powertools Logger and EMF Metrics, the SDK client built at
// import time, all routed to the Secrets Manager double. Output is captured from stdout/stderr.
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { ALL_STEPS, startRotation } from './helpers';

const CANARY = 'handler-canary-9vQ2LxT7pR';

const context = {
  functionName: 'warden-rotate-random', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:warden-rotate-random',
  memoryLimitInMB: '256', awsRequestId: 'req-1', logGroupName: '/aws/lambda/x', logStreamName: 's', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
} as Context;

let sm: InstalledSecretsManagerDouble;
let output: string[];

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('WARDEN_ENVIRONMENT', 'dev');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('RANDOM_LENGTH', '40');
  sm = installSecretsManagerDouble();
  output = [];
  const capture = (chunk: string | Uint8Array) => {
    output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  sm.restore();
});

describe('handler-random', () => {
  it('rotates through the four steps, logging one JSON line and emitting EMF metrics per step, never a value', async () => {
    const { handler } = await import('../../../lambdas/rotation/handler-random');
    const arn = sm.double.seed({ name: 'dev/token', secretString: JSON.stringify({ token: CANARY }) });
    const event = await startRotation(sm.client, arn);

    for (const step of ALL_STEPS) await handler(event(step), context);

    const token = (JSON.parse(sm.double.valueAt(arn, 'AWSCURRENT')!) as { token: string }).token;
    expect(token).toHaveLength(40);
    const records = output.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const stepLines = records.filter((r) => r.message === 'rotation step');
    expect(stepLines.map((r) => r.step)).toEqual([...ALL_STEPS]);
    expect(stepLines[0]).toMatchObject({ level: 'INFO', secretArn: arn, strategy: 'random-token', outcome: 'completed', function_request_id: 'req-1' });
    const emf = records.filter((r) => r._aws !== undefined);
    expect(emf).toHaveLength(4);
    expect(emf[3]).toMatchObject({ Environment: 'dev', RotationStepSucceeded: 1, RotationCompleted: 1 });
    expect(JSON.stringify((emf[0]!._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics)).toContain('"Namespace":"SecretsWarden"');
    expect(JSON.stringify((emf[0]!._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics)).toContain('[["Environment"]]');
    const all = output.join('');
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain(token);
  });

  it('rejects a malformed event with an error naming the field, logged once', async () => {
    const { handler } = await import('../../../lambdas/rotation/handler-random');

    await expect(handler({ SecretId: 'dev/token', Step: 'createSecret' }, context)).rejects.toThrow(/event.ClientRequestToken: is missing/);

    const stepLines = output.join('').split('\n').filter((l) => l.includes('"rotation step"'));
    expect(stepLines).toHaveLength(1);
    expect(JSON.parse(stepLines[0]!)).toMatchObject({ level: 'ERROR', outcome: 'failed' });
  });

  it('runs the rollback action only through the `rollback` alias, and no rotation event through it', async () => {
    const { handler } = await import('../../../lambdas/rotation/handler-random');
    const arn = sm.double.seed({ name: 'dev/token', secretString: JSON.stringify({ token: CANARY }) });
    const rollbackEvent = { action: 'warden:rollback', secretId: arn, force: false, dryRun: false };
    const viaAlias = { ...context, invokedFunctionArn: `${context.invokedFunctionArn}:rollback` } as Context;
    const viaVersion = { ...context, invokedFunctionArn: `${context.invokedFunctionArn}:$LATEST` } as Context;

    // The unqualified function (what Secrets Manager invokes) and any other qualifier refuse it, before any call.
    sm.double.clearCalls();
    await expect(handler(rollbackEvent, context)).rejects.toThrow(/context.invokedFunctionArn: the rollback action runs only through the function's `rollback` alias/);
    await expect(handler(rollbackEvent, viaVersion)).rejects.toThrow(/runs only through the function's `rollback` alias/);
    expect(sm.double.calls()).toEqual([]);
    // Through the alias it reaches the rollback core (which finds nothing to roll back to here).
    await expect(handler(rollbackEvent, viaAlias)).rejects.toThrow(/AWSPREVIOUS/);
    // A rotation event through the alias is refused too.
    const event = await startRotation(sm.client, arn);
    sm.double.clearCalls();
    await expect(handler(event('createSecret'), viaAlias)).rejects.toThrow(/alias runs only the rollback action/);
    expect(sm.double.calls()).toEqual([]);
    expect(Object.values(sm.double.stagesOf(arn))).toContainEqual(['AWSCURRENT']);
    expect(output.join('')).not.toContain(CANARY);
  });

  it('fails at cold start on a bad RANDOM_ENCODING, naming the variable', async () => {
    vi.stubEnv('RANDOM_ENCODING', 'base32');

    await expect(import('../../../lambdas/rotation/handler-random')).rejects.toThrow(/environment variable RANDOM_ENCODING/);
  });
});
