// Shared givens for the rotation core tests: a seeded Random, log and metric capture, and a
// RotateSecret that hands back the event Secrets Manager would send.
import { RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import type { RotationLogger, RotationMetrics } from '../../../lambdas/rotation/core/observe';
import type { Random, RotationEvent, Step } from '../../../lambdas/rotation/core/ports';

export const ROTATION_LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:warden-rotate';

/** mulberry32: small, deterministic, good enough to test uniformity bounds without flakes. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    bytes: (count) => Uint8Array.from({ length: count }, () => next32() & 0xff),
  };
}

export interface CapturedLine {
  level: 'info' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

export function captureLogger(): RotationLogger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  return {
    lines,
    info: (message, attributes) => lines.push({ level: 'info', message, attributes }),
    error: (message, attributes) => lines.push({ level: 'error', message, attributes }),
  };
}

export function captureMetrics(): RotationMetrics & { emitted: { name: string; unit: string; value: number }[]; count(name: string): number } {
  const emitted: { name: string; unit: string; value: number }[] = [];
  return {
    emitted,
    addMetric: (name, unit, value) => emitted.push({ name, unit, value }),
    count: (name) => emitted.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0),
  };
}

/** Starts a rotation the way the service does; returns the step events for its token. */
export async function startRotation(client: SecretsManagerClient, secretId: string, extra: Partial<RotationEvent> = {}): Promise<(step: Step) => RotationEvent> {
  const token = randomUUID();
  await client.send(new RotateSecretCommand({ SecretId: secretId, ClientRequestToken: token, RotationLambdaARN: ROTATION_LAMBDA, RotationRules: { AutomaticallyAfterDays: 30 } }));
  return (step) => ({ SecretId: secretId, ClientRequestToken: token, Step: step, ...extra });
}

export const ALL_STEPS: readonly Step[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
