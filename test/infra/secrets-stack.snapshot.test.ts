// The synthesized templates of the example catalog (config/secrets.yaml). Bundling is skipped and
// asset hashes are normalized, so the snapshot changes only when the infrastructure does.
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SecretsWardenStack } from '../../lib/stacks/secrets-warden-stack';
import { EXAMPLE_ENVIRONMENTS, exampleStacks } from './support';

let stacks: Map<string, SecretsWardenStack>;

beforeAll(() => {
  stacks = exampleStacks();
});

/** Asset hashes follow every file of the repository when bundling is skipped; the snapshot keeps their place only. */
function normalized(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, (_m, zip: string | undefined) => `<asset-hash>${zip ?? ''}`));
}

describe('the example catalog', () => {
  it.each(EXAMPLE_ENVIRONMENTS)('synthesizes SecretsWarden-%s as in the snapshot', async (name) => {
    const template = Template.fromStack(stacks.get(name)!).toJSON();

    await expect(JSON.stringify(normalized(template), null, 2)).toMatchFileSnapshot(`__snapshots__/SecretsWarden-${name}.template.json`);
    // The first synth of the file takes about a minute on a busy 2-core machine: a bound, not a measurement.
  }, 240_000);
});
