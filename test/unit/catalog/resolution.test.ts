// How defaults and per-environment overrides combine into what an environment deploys.
import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFAULTS, loadCatalog, parseCatalog, type PostgresSecret, type RandomSecret } from '../../../lib/catalog';

const CATALOG = `version: 1
defaults:
  classification: high
  rotation: { days: 30, duration: 3h }
  postgres: { port: 6432, dbname: app }
  audit: { logRetentionDays: 90 }
environments:
  dev: {}
  prod:
    account: "333333333333"
    alerts:
      - email: oncall@example.com
      - sqs: arn:aws:sqs:eu-west-1:333333333333:alerts
    inventory: { unusedDays: 30 }
secrets:
  - name: orders/db-app
    kind: postgres
    owner: team-orders
    description: Login of the orders API
    postgres: { host: orders.dev.internal, username: orders_app }
    readers: ["arn:aws:iam::{account}:role/{env}-orders-api"]
    environments:
      dev:
        readers: ["arn:aws:iam::111111111111:role/dev-orders-api"]
      prod:
        classification: critical
        rotation: { hours: 6 }
        postgres: { host: orders.prod.internal, ssl: false }
  - name: orders/token
    kind: random
    owner: team-orders
    description: Token of the orders API
    rotation: { days: 14, justification: tokens are also revoked on every deploy }
    random: { encoding: hex }
    environments:
      prod:
        random: { length: 64 }
`;

const catalog = parseCatalog(CATALOG, 'inline.yaml');

describe('resolving a catalog for an environment', () => {
  it('fills what nobody set from the built-in defaults', () => {
    const { environment, secrets } = parseCatalog(
      `version: 1\nenvironments:\n  dev: {}\nsecrets:\n  - {name: t, kind: random, classification: low, owner: o, description: d}\n`,
      'inline.yaml',
    ).forEnvironment('dev');

    expect(environment).toEqual({
      name: 'dev',
      alerts: [],
      audit: BUILTIN_DEFAULTS.audit,
      schedules: BUILTIN_DEFAULTS.schedules,
      inventory: BUILTIN_DEFAULTS.inventory,
      shards: 0,
    });
    expect(secrets[0]).toEqual({
      name: 't',
      kind: 'random',
      classification: 'low',
      owner: 'o',
      description: 'd',
      readers: [],
      rotation: { days: 30, strategy: 'single-user' },
      random: { length: 32, encoding: 'alphanumeric', key: 'value' },
    });
  });

  it('applies the catalog defaults under the secret and the environment override over both', () => {
    const dev = catalog.forEnvironment('dev').secrets[0] as PostgresSecret;
    const prod = catalog.forEnvironment('prod').secrets[0] as PostgresSecret;

    expect(dev.classification).toBe('high');
    expect(dev.postgres).toEqual({ engine: 'postgres', host: 'orders.dev.internal', port: 6432, dbname: 'app', username: 'orders_app', ssl: true });
    expect(prod.classification).toBe('critical');
    expect(prod.postgres).toEqual({ engine: 'postgres', host: 'orders.prod.internal', port: 6432, dbname: 'app', username: 'orders_app', ssl: false });
  });

  it('takes the rotation interval whole from the most specific level and merges the rest', () => {
    const dev = catalog.forEnvironment('dev').secrets[0] as PostgresSecret;
    const prod = catalog.forEnvironment('prod').secrets[0] as PostgresSecret;

    expect(dev.rotation).toEqual({ days: 30, duration: '3h', strategy: 'single-user' });
    expect(prod.rotation).toEqual({ hours: 6, duration: '3h', strategy: 'single-user' });
  });

  it('replaces readers per environment and expands {env} and {account}', () => {
    expect(catalog.forEnvironment('dev').secrets[0]!.readers).toEqual(['arn:aws:iam::111111111111:role/dev-orders-api']);
    expect(catalog.forEnvironment('prod').secrets[0]!.readers).toEqual(['arn:aws:iam::333333333333:role/prod-orders-api']);
  });

  it('merges kind settings key by key', () => {
    expect((catalog.forEnvironment('dev').secrets[1] as RandomSecret).random).toEqual({ length: 32, encoding: 'hex', key: 'value' });
    expect((catalog.forEnvironment('prod').secrets[1] as RandomSecret).random).toEqual({ length: 64, encoding: 'hex', key: 'value' });
  });

  it('merges environment settings over the defaults and turns alerts into subscriptions', () => {
    const { environment } = catalog.forEnvironment('prod');

    expect(environment.audit).toEqual({ cisFilters: true, logRetentionDays: 90 });
    expect(environment.inventory).toEqual({ ...BUILTIN_DEFAULTS.inventory, unusedDays: 30 });
    expect(environment.alerts).toEqual([
      { protocol: 'email', endpoint: 'oncall@example.com' },
      { protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:333333333333:alerts' },
    ]);
  });

  it('accepts a critical secret rotating less often than every 90 days when a justification is given', () => {
    const text = CATALOG.replace('classification: critical\n        rotation: { hours: 6 }', 'classification: critical\n        rotation: { days: 180, justification: the vendor allows two rotations a year }');

    const prod = parseCatalog(text, 'inline.yaml').forEnvironment('prod').secrets[0]!;

    expect(prod.kind === 'postgres' && prod.rotation).toMatchObject({ days: 180, justification: 'the vendor allows two rotations a year' });
  });

  it('refuses the same critical secret without the justification', () => {
    const text = CATALOG.replace('classification: critical\n        rotation: { hours: 6 }', 'classification: critical\n        rotation: { days: 180 }');

    expect(() => parseCatalog(text, 'inline.yaml')).toThrow(
      'inline.yaml:27 secrets[orders/db-app].environments.prod.rotation.days: a critical secret must rotate at least every 90 days (here every 180); lower rotation.days or state rotation.justification',
    );
  });

  it('shares settings through x- anchors, aliases and merge keys', () => {
    const text = `version: 1
x-orders-readers: &orders-readers ["arn:aws:iam::111111111111:role/orders-api"]
x-orders-database: &orders-database { host: orders.internal, dbname: orders }
environments:
  dev: { account: "111111111111" }
secrets:
  - name: orders/db-app
    kind: postgres
    classification: high
    owner: team-orders
    description: Login of the orders API
    postgres: { <<: *orders-database, username: orders_app }
    readers: *orders-readers
`;

    const [secret] = parseCatalog(text, 'inline.yaml').forEnvironment('dev').secrets as PostgresSecret[];

    expect(secret!.postgres).toMatchObject({ host: 'orders.internal', dbname: 'orders', username: 'orders_app' });
    expect(secret!.readers).toEqual(['arn:aws:iam::111111111111:role/orders-api']);
  });

  it('loads the smallest catalog', () => {
    const { secrets } = loadCatalog('test/fixtures/catalogs/minimal.yaml').forEnvironment('dev');

    expect(secrets.map((secret) => secret.name)).toEqual(['orders/api-token']);
  });
});
