// Sharded environments: a secret's stack and logical id never change when other secrets are added
// or removed; an environment deployed before sharding keeps its secrets in SecretsWarden-<env>
// (pinned with `stack: main`) with identical secret resources; shards reference the main stack's
// key and rotation functions; the catalog's resource estimate is never below the real count.
// Four small apps, each synthesized once (bundling skipped).
import type { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../lib/catalog';
import { MAIN_STACK, shardStackName, stackLoads } from '../../lib/catalog/shards';
import { nagFindings } from '../../lib/nag';
import { addEnvironment, wardenApp } from '../../lib/stacks/warden-app';
import { generatedCatalog, generatedSecretName } from '../support/catalog-generator';
import { cdkOutdir } from './support';

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Templates = Map<string, { Resources: Record<string, Resource>; Outputs?: Record<string, unknown> }>;

const SHARDS = 4;
const COUNT = 48;

function synthesize(yaml: string): { templates: Templates; app: App } {
  // As bin/app.ts builds it, bundling skipped.
  const app = wardenApp({ outdir: cdkOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
  addEnvironment(app, parseCatalog(yaml, 'generated.yaml'), 'prod');
  const assembly = app.synth();
  return { app, templates: new Map(assembly.stacks.map((stack) => [stack.stackName, stack.template as never])) };
}

/** Secret name -> where it is: stack, logical id, and the logical ids of its policy and schedule. */
function placement(templates: Templates): Map<string, { stack: string; id: string; policy?: string; schedule?: string }> {
  const found = new Map<string, { stack: string; id: string; policy?: string; schedule?: string }>();
  for (const [stack, template] of templates) {
    const resources = Object.entries(template.Resources ?? {});
    for (const [id, resource] of resources) {
      if (resource.Type !== 'AWS::SecretsManager::Secret') continue;
      const refersToSecret = (type: string) =>
        resources.find(([, other]) => other.Type === type && JSON.stringify(other.Properties?.SecretId) === JSON.stringify({ Ref: id }))?.[0];
      found.set(String(resource.Properties!.Name), { stack, id, policy: refersToSecret('AWS::SecretsManager::ResourcePolicy'), schedule: refersToSecret('AWS::SecretsManager::RotationSchedule') });
    }
  }
  return found;
}

let base: Templates;
let baseApp: App;
let grown: Templates;
let shrunk: Templates;

beforeAll(() => {
  ({ templates: base, app: baseApp } = synthesize(generatedCatalog({ count: COUNT, shards: SHARDS })));
  // Twenty secrets more, some sorting before and some after the existing ones.
  grown = synthesize(generatedCatalog({ count: COUNT + 20, from: 0, shards: SHARDS })).templates;
  // Every third secret removed.
  shrunk = synthesize(generatedCatalog({ count: COUNT, shards: SHARDS, skip: new Set(Array.from({ length: COUNT }, (_, n) => n).filter((n) => n % 3 === 0)) })).templates;
});

describe('a sharded environment', () => {
  it('spreads the secrets over SecretsWarden-prod-shard-01..04 and keeps none in the main stack', () => {
    const stacks = new Set([...placement(base).values()].map((p) => p.stack));

    expect([...stacks].sort()).toEqual([1, 2, 3, 4].map((n) => shardStackName('prod', n)));
    expect(placement(base).size).toBe(COUNT);
  });

  it('keeps every secret in its stack, with its logical ids, when others are added', () => {
    const before = placement(base);
    const after = placement(grown);

    expect(after.size).toBe(COUNT + 20);
    for (const [name, where] of before) expect(after.get(name), name).toEqual(where);
  });

  it('keeps every remaining secret in its stack, with its logical ids, when others are removed', () => {
    const before = placement(base);
    const after = placement(shrunk);

    expect(after.size).toBeLessThan(COUNT);
    for (const [name, where] of after) expect(where, name).toEqual(before.get(name));
  });

  it('puts a clone-user secret in the stack of its master', () => {
    const yaml = generatedCatalog({ count: 4, shards: SHARDS }).replace(
      'secrets:\n',
      [
        'secrets:',
        '  - {name: shared/db-admin, kind: postgres, owner: o, description: d, postgres: {host: db.prod.internal, username: admin}}',
        '  - {name: shared/db-app, kind: postgres, owner: o, description: d, rotation: {strategy: alternating-users}, postgres: {host: db.prod.internal, username: app, masterSecret: shared/db-admin}}',
        '',
      ].join('\n'),
    );
    const catalog = parseCatalog(yaml, 'generated.yaml');
    const loads = stackLoads(catalog.forEnvironment('prod'));
    const where = placement(synthesize(yaml).templates);

    expect(where.get('prod/shared/db-app')!.stack).toBe(where.get('prod/shared/db-admin')!.stack);
    expect(loads.length).toBeGreaterThan(1);
  });

  it('refers to the main stack for the key and the rotation functions, never the other way round', () => {
    const shard = base.get(shardStackName('prod', 1))!;
    const main = base.get('SecretsWarden-prod')!;
    const secret = Object.values(shard.Resources).find((r) => r.Type === 'AWS::SecretsManager::Secret')!;
    const schedule = Object.values(shard.Resources).find((r) => r.Type === 'AWS::SecretsManager::RotationSchedule')!;

    expect(JSON.stringify(secret.Properties!.KmsKeyId)).toContain('Fn::ImportValue');
    expect(JSON.stringify(schedule.Properties!.RotationLambdaARN)).toContain('Fn::ImportValue');
    expect(JSON.stringify(main)).not.toContain('Fn::ImportValue');
    // One invoke permission per function for the environment's name prefix, not one per secret.
    const permissions = Object.values(main.Resources).filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties!.Principal === 'secretsmanager.amazonaws.com');
    expect(permissions.map((p) => JSON.stringify(p.Properties!.SourceArn))).toEqual([expect.stringContaining(':secret:prod/*'), expect.stringContaining(':secret:prod/*')]);
  });

  it('passes cdk-nag in the main stack and every shard, the environment-wide grants acknowledged with their reason', () => {
    expect(nagFindings(baseApp)).toEqual([]);
  });

  it('stays within the estimate the catalog checks, in every stack', () => {
    const loads = stackLoads(parseCatalog(generatedCatalog({ count: COUNT + 20, shards: SHARDS }), 'generated.yaml').forEnvironment('prod'));

    for (const load of loads) {
      const name = load.stack === MAIN_STACK ? 'SecretsWarden-prod' : shardStackName('prod', load.stack);
      expect(Object.keys(grown.get(name)!.Resources).length, name).toBeLessThanOrEqual(load.resources);
    }
  });
});

describe('an environment deployed before sharding', () => {
  let unsharded: Templates;
  let pinned: Templates;
  beforeAll(() => {
    unsharded = synthesize(generatedCatalog({ count: 30 })).templates;
    // Sharding switched on: the 30 deployed secrets pinned to main, 30 new ones spread over shards.
    pinned = synthesize(generatedCatalog({ count: 60, shards: SHARDS, extra: (n) => (n < 30 ? ['stack: main'] : []) })).templates;
  });

  it('keeps its secrets in SecretsWarden-<env> with the same logical ids and identical secret resources', () => {
    const before = placement(unsharded);
    const after = placement(pinned);
    const mainBefore = unsharded.get('SecretsWarden-prod')!.Resources;
    const mainAfter = pinned.get('SecretsWarden-prod')!.Resources;

    expect(before.size).toBe(30);
    for (const [name, where] of before) {
      expect(after.get(name), name).toEqual(where);
      expect(mainAfter[where.id], name).toEqual(mainBefore[where.id]);
    }
    for (let n = 30; n < 60; n += 1) expect(after.get(`prod/${generatedSecretName(n)}`)!.stack).toMatch(/-shard-0[1-4]$/);
  });
});
