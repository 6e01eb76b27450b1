// config/secrets.yaml is the catalog people copy: it must load and cover every kind everywhere.
import { describe, expect, it } from 'vitest';
import { loadCatalog, UnknownEnvironmentError, type PostgresSecret, type SecretEntry } from '../../../lib/catalog';

const catalog = loadCatalog();
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

function byName(secrets: readonly SecretEntry[], name: string): SecretEntry {
  const found = secrets.find((secret) => secret.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('the example catalog', () => {
  it('declares dev, staging and prod', () => {
    expect(catalog.environments.map((environment) => environment.name)).toEqual(ENVIRONMENTS);
  });

  it.each(ENVIRONMENTS)('has every kind and both postgres strategies in %s', (name) => {
    const { secrets } = catalog.forEnvironment(name);

    const kinds = new Set(secrets.map((secret) => (secret.kind === 'postgres' ? `postgres:${secret.rotation.strategy}` : secret.kind)));

    expect([...kinds].sort()).toEqual(['external', 'postgres:alternating-users', 'postgres:single-user', 'random']);
  });

  it.each(ENVIRONMENTS)('gives each alternating-users secret a single-user master of %s on the same server', (name) => {
    const { secrets } = catalog.forEnvironment(name);

    const alternating = secrets.filter((secret): secret is PostgresSecret => secret.kind === 'postgres' && secret.rotation.strategy === 'alternating-users');

    expect(alternating.length).toBeGreaterThan(0);
    for (const secret of alternating) {
      const master = byName(secrets, secret.postgres.masterSecret!) as PostgresSecret;
      expect(master.kind).toBe('postgres');
      expect(master.rotation.strategy).toBe('single-user');
      expect(master.postgres.host).toBe(secret.postgres.host);
    }
  });

  it.each(ENVIRONMENTS)('has alerts and readers of its own account only in %s', (name) => {
    const { environment, secrets } = catalog.forEnvironment(name);

    const readerAccounts = new Set(secrets.flatMap((secret) => secret.readers.map((arn) => arn.split(':')[4])));

    expect(environment.alerts.length).toBeGreaterThan(0);
    expect([...readerAccounts]).toEqual([environment.account]);
  });

  it('runs prod rotation functions in a VPC with a Secrets Manager endpoint', () => {
    const { environment } = catalog.forEnvironment('prod');

    expect(environment.network).toEqual({
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      subnetIds: ['subnet-0f1e2d3c4b5a60001', 'subnet-0f1e2d3c4b5a60002', 'subnet-0f1e2d3c4b5a60003'],
      securityGroupIds: ['sg-0f1e2d3c4b5a60004'],
      secretsManagerEndpoint: true,
    });
  });

  it('replaces {env} and {account} in reader ARNs with each environment\'s own', () => {
    const readersIn = (name: string) => byName(catalog.forEnvironment(name).secrets, 'orders/db-app').readers;

    expect(readersIn('dev')).toEqual(['arn:aws:iam::111111111111:role/dev-orders-api']);
    expect(readersIn('staging')).toEqual(['arn:aws:iam::222222222222:role/staging-orders-api']);
    expect(readersIn('prod')).toEqual(['arn:aws:iam::333333333333:role/prod-orders-api']);
  });

  it('lists the other environments\' principals, and none of its own, for explicit denies', () => {
    const dev = catalog.forEnvironment('dev');
    const prodReaders = catalog.forEnvironment('prod').secrets.flatMap((secret) => secret.readers);

    expect(dev.otherEnvironmentPrincipals).toEqual(expect.arrayContaining([...prodReaders, 'arn:aws:iam::333333333333:role/prod-secrets-admin']));
    expect(dev.otherEnvironmentPrincipals).not.toContain('arn:aws:iam::111111111111:role/dev-secrets-admin');
    expect(dev.otherEnvironmentPrincipals!.filter((arn) => arn.includes('::111111111111:'))).toEqual([]);
  });

  it('keeps the prod-only secret out of dev and staging', () => {
    const names = (name: string) => catalog.forEnvironment(name).secrets.map((secret) => secret.name);

    expect(names('prod')).toContain('analytics/warehouse-password');
    expect(names('dev')).not.toContain('analytics/warehouse-password');
    expect(names('staging')).not.toContain('analytics/warehouse-password');
  });

  it('refuses an unknown environment, listing the known ones', () => {
    expect(() => catalog.forEnvironment('qa')).toThrow(UnknownEnvironmentError);
    expect(() => catalog.forEnvironment('qa')).toThrow(
      'environment: "qa" is not an environment of the catalog; use one of dev, staging, prod (cdk deploy -c env=NAME), or add it under environments in config/secrets.yaml',
    );
  });
});
