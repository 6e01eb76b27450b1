import { describe, expect, it } from 'vitest';
import type { PolicyFacts } from '../../../contract/inventory';
import { context, record, rule } from './fixtures';

const crossAccountPolicy = rule('cross-account-policy');
const otherEnvironmentAccess = rule('other-environment-access');
const publicPolicy = rule('public-policy');

const facts = (overrides: Partial<PolicyFacts>): PolicyFacts => ({ public: false, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [], ...overrides });

describe('policy findings', () => {
  it.each([
    ['public', publicPolicy, facts({ public: true }), true],
    ['public: not public', publicPolicy, facts({}), false],
    ['public: policy never read', publicPolicy, null, false],
    ['cross-account', crossAccountPolicy, facts({ crossAccount: true, crossAccountPrincipals: ['arn:aws:iam::222222222222:root'] }), true],
    ['cross-account: same account', crossAccountPolicy, facts({}), false],
    ['other environment', otherEnvironmentAccess, facts({ otherEnvironmentPrincipals: ['arn:aws:iam::111111111111:role/dev-app'] }), true],
    ['other environment: none', otherEnvironmentAccess, facts({}), false],
  ])('%s -> finding: %s', (_name, rule, policy, expected) => {
    expect(rule.evaluate(record({ policy }), context()) !== null).toBe(expected);
  });

  it('a public policy is critical even on a low secret; cross-account and other-environment at least high', () => {
    const low = { classification: 'low' as const };

    expect(publicPolicy.evaluate(record({ ...low, policy: facts({ public: true }) }), context())!.severity).toBe('CRITICAL');
    expect(crossAccountPolicy.evaluate(record({ ...low, policy: facts({ crossAccount: true, crossAccountPrincipals: ['222222222222'] }) }), context())!.severity).toBe('HIGH');
    expect(otherEnvironmentAccess.evaluate(record({ ...low, policy: facts({ otherEnvironmentPrincipals: ['x'] }) }), context())!.severity).toBe('HIGH');
  });

  it('names the principals in the evidence', () => {
    const finding = crossAccountPolicy.evaluate(record({ policy: facts({ crossAccount: true, crossAccountPrincipals: ['arn:aws:iam::222222222222:root'] }) }), context())!;

    expect(finding.evidence.principals).toBe('arn:aws:iam::222222222222:root');
  });
});
