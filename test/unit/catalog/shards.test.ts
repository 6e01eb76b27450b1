// Stack assignment of a catalog's secrets and the limits the catalog refuses with a clear message.
import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog } from '../../../lib/catalog';
import { hashedShard, nameHash, stackAssignment } from '../../../lib/catalog/shards';
import { generatedCatalog } from '../../support/catalog-generator';

function problems(yaml: string): string[] {
  try {
    parseCatalog(yaml, 'catalog.yaml');
  } catch (error) {
    if (error instanceof CatalogError) return error.issues.map((issue) => `${issue.line} ${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('shard assignment', () => {
  it('hashes names with a function that never changes (changing it would move every secret)', () => {
    expect(nameHash('payments/db-app')).toBe(nameHash('payments/db-app'));
    // First 32 bits of SHA-256: pinned values, computed once.
    expect([nameHash('payments/db-app'), nameHash('orders/signing-key')]).toEqual([2288546424, 1320133324]);
    expect(hashedShard('payments/db-app', 8)).toBe(1 + (2288546424 % 8));
  });

  it('depends only on the name, the shard count and pins, not on the other secrets', () => {
    const few = stackAssignment(parseCatalog(generatedCatalog({ count: 20, shards: 5 }), 'a.yaml').forEnvironment('prod'));
    const many = stackAssignment(parseCatalog(generatedCatalog({ count: 60, shards: 5 }), 'b.yaml').forEnvironment('prod'));

    for (const [name, stack] of few) expect(many.get(name), name).toBe(stack);
  });
});

describe('catalog limits', () => {
  it('refuses more than 50 secrets without shards, suggesting a shard count and the pin for deployed secrets', () => {
    const found = problems(generatedCatalog({ count: 51 }));

    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/environments\.prod\.shards: environment prod has 51 secrets; without shards an environment holds at most 50/);
    expect(found[0]).toContain('set environments.prod.shards: 1, pinning secrets already deployed with stack: main');
  });

  it('refuses a stack that would pass its resource budget, naming it', () => {
    const found = problems(generatedCatalog({ count: 200, shards: 1 }));

    expect(found.join('\n')).toMatch(/SecretsWarden-prod-shard-01 would hold 200 secrets, about 5\d\d CloudFormation resources \(limit 500, this project keeps 50 spare\)/);
  });

  it('refuses a pin to a shard that does not exist', () => {
    const found = problems(generatedCatalog({ count: 3, shards: 2, extra: (n) => (n === 1 ? ['stack: 3'] : []) }));

    expect(found).toEqual([expect.stringMatching(/^\d+ secrets\[team-1\/service-1\]\.stack: names shard 3, but environments\.prod\.shards is 2; pin to main or to a shard from 1 to 2$/)]);
  });

  it('refuses a clone-user secret pinned away from its master', () => {
    const yaml = generatedCatalog({ count: 0, shards: 3 }).concat(
      '  - {name: db-admin, kind: postgres, owner: o, description: d, stack: 1, postgres: {host: db.internal, username: admin}}\n',
      '  - {name: db-app, kind: postgres, owner: o, description: d, stack: 2, rotation: {strategy: alternating-users}, postgres: {host: db.internal, username: app, masterSecret: db-admin}}\n',
    );

    expect(problems(yaml).join('\n')).toContain(
      'secrets[db-app].stack: is in SecretsWarden-prod-shard-02 but its master "db-admin" in SecretsWarden-prod-shard-01 (environment prod); a clone-user secret shares its master\'s stack',
    );
  });
});
