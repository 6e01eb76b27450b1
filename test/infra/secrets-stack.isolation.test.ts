// Invariant 4: environments never share a secret, a key or a reader. A reader of one environment
// is denied explicitly on every secret of another, and allowed nowhere but on its own secrets.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { reader } from './fixtures/catalogs';
import { asList, resourcePolicyOf, stacksFor, statement, type Built } from './support';

let built: Map<string, Built>;

beforeAll(() => {
  built = stacksFor(['dev', 'staging', 'prod']);
});

const allowedPrincipals = (template: Template): string[] => {
  const fromSecrets = Object.values(template.findResources('AWS::SecretsManager::ResourcePolicy')).flatMap((p) =>
    (p.Properties.ResourcePolicy.Statement as { Effect: string; Principal: { AWS: unknown } }[]).filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Principal.AWS)),
  );
  const fromKey = Object.values(template.findResources('AWS::KMS::Key')).flatMap((k) =>
    (k.Properties.KeyPolicy.Statement as { Effect: string; Principal: { AWS: unknown } }[]).filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Principal.AWS)),
  );
  return [...fromSecrets, ...fromKey].filter((p): p is string => typeof p === 'string');
};

describe('a reader of one environment', () => {
  it('is denied every action on every secret of the other environments, by principal ARN', () => {
    for (const [name, { stack, template }] of built) {
      const others = [...built.keys()].filter((n) => n !== name);
      for (const secret of stack.secrets.values()) {
        const deny = statement(resourcePolicyOf(template, stack.getLogicalId(secret.resource)), 'DenyOtherEnvironments');

        expect(deny.Effect).toBe('Deny');
        expect(deny.Principal).toEqual({ AWS: '*' });
        expect(deny.Action).toBe('secretsmanager:*');
        const denied = asList(deny.Condition!.ArnLike!['aws:PrincipalArn'] as string[]);
        for (const other of others) {
          for (const app of ['orders-api', 'web', 'payments']) expect(denied).toContain(reader(other, app));
        }
        expect(denied.filter((arn) => arn.includes(`:role/${name}-`))).toEqual([]);
      }
    }
  });

  it('is allowed on no secret and by no key of another environment', () => {
    for (const [name, { template }] of built) {
      const allowed = allowedPrincipals(template).filter((arn) => arn.includes(':role/'));

      expect(allowed.length).toBeGreaterThan(0);
      for (const arn of allowed) expect(arn).toMatch(new RegExp(`:role/${name}-`));
    }
  });

  it('is not let through the read deny of another environment\'s secret', () => {
    const { stack, template } = built.get('prod')!;
    const deny = statement(resourcePolicyOf(template, stack.getLogicalId(stack.secrets.get('session-signing-key')!.resource)), 'DenyReadExceptReadersRotationAndAdmin');
    const exempt = asList(deny.Condition!.StringNotEquals!['aws:PrincipalArn']);

    expect(exempt).toContain(reader('prod', 'web'));
    expect(exempt).not.toContain(reader('staging', 'web'));
    expect(exempt).not.toContain(reader('dev', 'web'));
  });

  it('gets read access to its own secrets only, not to those of its environment it is not a reader of', () => {
    const { stack, template } = built.get('prod')!;
    const readersOf = (name: string) =>
      asList((statement(resourcePolicyOf(template, stack.getLogicalId(stack.secrets.get(name)!.resource)), 'AllowReaders').Principal as { AWS: unknown }).AWS);

    expect(readersOf('payments-api-key')).toEqual([reader('prod', 'payments')]);
    expect(readersOf('orders-db-app')).toEqual([reader('prod', 'orders-api')]);
    expect(() => statement(resourcePolicyOf(template, stack.getLogicalId(stack.secrets.get('orders-db-master')!.resource)), 'AllowReaders')).toThrow(/no statement/);
  });
});

describe('each environment', () => {
  it('has its own secrets key, and its secrets use no other', () => {
    for (const { stack, template } of built.values()) {
      const key = stack.getLogicalId(stack.secretsKey.node.defaultChild as never);

      template.allResourcesProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/secrets-warden/${stack.environmentName}`, TargetKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    }
  });
});
