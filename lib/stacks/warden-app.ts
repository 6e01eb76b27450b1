import type { App } from 'aws-cdk-lib';
import type { Catalog } from '../catalog/types';
import { applyNag } from '../nag';
import { SecretsWardenStack, stackName } from './secrets-warden-stack';

/**
 * Adds the stack of one environment to `app`, with cdk-nag's AwsSolutions pack as a validation
 * plugin. The stack is environment-agnostic unless the catalog gives an account or a region, so
 * `cdk synth` never needs credentials.
 */
export function addEnvironment(app: App, catalog: Catalog, environmentName: string): SecretsWardenStack {
  const view = catalog.forEnvironment(environmentName);
  const { account, region } = view.environment;
  const stack = new SecretsWardenStack(app, stackName(environmentName), {
    catalog,
    environmentName,
    env: account || region ? { account, region } : undefined,
    description: `secrets-warden ${environmentName}: catalog secrets, their key, access policies and rotation`,
    tags: { 'warden:environment': environmentName },
  });
  applyNag(app);
  return stack;
}
