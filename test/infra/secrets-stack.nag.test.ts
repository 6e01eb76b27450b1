// cdk-nag's AwsSolutions pack runs as a validation plugin on every synth: the example catalog
// has zero unacknowledged findings in every environment, and a finding does fail the synth.
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyNag, nagFindings } from '../../lib/nag';
import type { SecretsWardenStack } from '../../lib/stacks/secrets-warden-stack';
import { EXAMPLE_ENVIRONMENTS, exampleStacks, noBundlingApp, testApp } from './support';

let app: App;
let stacks: Map<string, SecretsWardenStack>;

beforeAll(() => {
  app = noBundlingApp();
  stacks = exampleStacks(app);
});

describe('cdk-nag AwsSolutions on the example catalog', () => {
  it.each(EXAMPLE_ENVIRONMENTS)('finds nothing unacknowledged in %s', (name) => {
    expect(nagFindings(stacks.get(name)!)).toEqual([]);
  });

  it('lets the app synthesize with the pack registered', () => {
    expect(() => app.synth()).not.toThrow();
  });

  it('acknowledges only named resources, each with a reason', () => {
    const acknowledgements = [...stacks.values()].flatMap((stack) =>
      stack.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => ({ path: c.node.path, data: m.data as Record<string, string> }))),
    );

    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, data } of acknowledgements) {
      expect(path.split('/').length, path).toBeGreaterThan(2);
      for (const reason of Object.values(data)) expect(reason.length, path).toBeGreaterThan(40);
    }
  });
});

describe('a finding', () => {
  const unrotatedSecret = (app: App) => {
    const stack = new Stack(app, 'Unrotated');
    new secretsmanager.CfnSecret(stack, 'Plain', { name: 'plain', generateSecretString: {} });
    return stack;
  };

  it('is reported with its rule and resource', () => {
    const stack = unrotatedSecret(testApp());

    expect(nagFindings(stack)).toContainEqual(expect.objectContaining({ rule: 'AwsSolutions-SMG4', path: 'Unrotated/Plain' }));
  });

  it('fails the synth', () => {
    const failing = testApp();
    unrotatedSecret(failing);
    applyNag(failing);

    expect(() => failing.synth()).toThrow(/AwsSolutions-SMG4/);
  });
});
