import { describe, expect, it } from 'vitest';
import { noPlaintextCredentials } from '../../../lambdas/compliance/core/controls/no-plaintext-credentials';
import type { PlaintextCredential } from '../../../contract/inventory';
import { facts, inventory, secret } from './facts';

const credential = (resource: string, key: string): PlaintextCredential => ({
  location: 'lambda-environment',
  resource,
  key,
  detector: 'aws-access-key',
  prefix: 'AKIA…',
  length: 20,
  fingerprint: '0123456789abcdef',
});

describe('no-plaintext-credentials', () => {
  it('is compliant when the inventory found none', () => {
    const [evaluation] = noPlaintextCredentials.evaluate(facts());

    expect(evaluation!.status).toBe('COMPLIANT');
  });

  it('fails once per resource, naming the variables but never the redacted prefix, length or fingerprint', () => {
    const fn = 'arn:aws:lambda:eu-west-1:111111111111:function:billing';
    const given = facts({ inventory: inventory([secret()], [credential(fn, 'AWS_ACCESS_KEY_ID'), credential(fn, 'LEGACY_KEY')]) });

    const evaluations = noPlaintextCredentials.evaluate(given);

    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({ status: 'NON_COMPLIANT', resource: fn, resourceName: 'billing', evidence: { keys: 'AWS_ACCESS_KEY_ID,LEGACY_KEY' } });
    const text = JSON.stringify(evaluations);
    expect(text).not.toContain('AKIA');
    expect(text).not.toContain('0123456789abcdef');
  });

  it('is not applicable without an inventory', () => {
    const [evaluation] = noPlaintextCredentials.evaluate(facts({ inventory: null }));

    expect(evaluation!.status).toBe('NOT_APPLICABLE');
  });
});
