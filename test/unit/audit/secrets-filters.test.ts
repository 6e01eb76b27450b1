import { describe, expect, it } from 'vitest';
import { InputError } from '../../../lambdas/shared/errors';
import { AUDIT_METRIC, secretsFilterDefinitions } from '../../../lib/audit/secrets-filters';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('secrets-specific filter definitions', () => {
  it('define one filter per audited change, in namespace SecretsWarden, with the environment in the metric name', () => {
    const definitions = secretsFilterDefinitions({ environmentName: 'staging', secretsKeyArn: KEY });

    expect(definitions.map((d) => d.metricName)).toEqual(Object.values(AUDIT_METRIC).map((m) => `${m}-staging`));
    expect(new Set(definitions.map((d) => d.namespace))).toEqual(new Set(['SecretsWarden']));
    for (const d of definitions) expect(d.filterName).toBe(`SecretsWarden-staging-${d.shortName}`);
  });

  it('scope every Secrets Manager filter to "<env>/" names and ":secret:<env>/" ARNs, and the key filter to the key ARN', () => {
    const definitions = secretsFilterDefinitions({ environmentName: 'staging', secretsKeyArn: KEY });

    for (const d of definitions.filter((x) => x.pattern.includes('secretsmanager.amazonaws.com'))) {
      expect(d.pattern).toContain('$.requestParameters.secretId = "staging/*" || $.requestParameters.secretId = "*:secret:staging/*"');
    }
    expect(definitions.find((d) => d.id === AUDIT_METRIC.secretsKeyDisabled)!.pattern).toContain(`$.resources[0].ARN = "${KEY}"`);
  });

  it('refuses automation roles that would push a pattern past 1024 characters, naming the fix', () => {
    const roles = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::111122223333:role/some-long-automation-role-name-number-${i}`);

    expect(() => secretsFilterDefinitions({ environmentName: 'staging', secretsKeyArn: KEY, automationRoleArns: roles })).toThrow(InputError);
    expect(() => secretsFilterDefinitions({ environmentName: 'staging', secretsKeyArn: KEY, automationRoleArns: roles })).toThrow(/automationRoleArns/);
  });
});
