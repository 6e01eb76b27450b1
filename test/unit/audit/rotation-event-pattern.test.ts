import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentSecretArnPrefix, ROTATION_FAILURE_EVENTS, rotationFailurePattern } from '../../../lib/audit/rotation-events';
import { matchesEventPattern } from '../../support/event-pattern';

// The EventBridge patterns of the rotation-failure rules against sample Secrets Manager service
// events (test/fixtures/cloudtrail/rotation-events): both spellings of the secret ARN key, the
// three failure events, and events that must not alert (success, another environment's secret,
// another account, an API call).

const DIR = fileURLToPath(new URL('../../fixtures/cloudtrail/rotation-events/', import.meta.url));
const scope = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/cloudtrail/scope.json', import.meta.url)), 'utf8')) as {
  environmentName: string;
  account: string;
  region: string;
  partition: string;
};
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(`${DIR}${f}`, 'utf8')) as { expect: 'match' | 'miss'; event: Record<string, unknown> }) }));

const prefix = environmentSecretArnPrefix(scope);
const patterns = ROTATION_FAILURE_EVENTS.map((e) => rotationFailurePattern([e.eventName], prefix));
const anyRule = (event: Record<string, unknown>) => patterns.filter((p) => matchesEventPattern(p as unknown as Record<string, unknown>, event)).length;

describe('rotation failure event patterns', () => {
  it('has samples for both ARN spellings and for events that must not alert', () => {
    const detail = (s: (typeof samples)[number]) => s.event.detail as Record<string, unknown>;

    expect(samples.some((s) => s.expect === 'match' && 'additionalEventData' in detail(s))).toBe(true);
    expect(samples.some((s) => s.expect === 'match' && 'serviceEventDetails' in detail(s))).toBe(true);
    expect(samples.filter((s) => s.expect === 'miss').length).toBeGreaterThanOrEqual(3);
  });

  it.each(samples.filter((s) => s.expect === 'match').map((s) => [s.name, s.event] as const))('%s alerts through exactly one rule', (_name, event) => {
    expect(anyRule(event)).toBe(1);
  });

  it.each(samples.filter((s) => s.expect === 'miss').map((s) => [s.name, s.event] as const))('%s does not alert', (_name, event) => {
    expect(anyRule(event)).toBe(0);
  });

  it('scopes to the environment secrets with the ARN prefix ending in "<env>/"', () => {
    expect(prefix).toBe(`arn:aws:secretsmanager:${scope.region}:${scope.account}:secret:${scope.environmentName}/`);
  });
});
