import { App, type AppProps } from 'aws-cdk-lib';
import type { Catalog } from '../catalog/types';
import { applyNag } from '../nag';
import { mainStackName } from '../catalog/shards';
import { SecretsWardenStack } from './secrets-warden-stack';

/**
 * The app as bin/app.ts builds it. CDK's built-in CloudFormation schema validation is off unless
 * WARDEN_CFN_VALIDATION=true: here it only ever reports warnings, and it cost more than the rest of
 * the synth together for thousands of secrets (docs/benchmarks.md, bench:synth). cdk-nag, which
 * fails the synth on any unacknowledged finding, always runs.
 */
export function wardenApp(props: AppProps = {}): App {
  return new App({ builtinCloudFormationValidation: process.env.WARDEN_CFN_VALIDATION === 'true', ...props });
}

/**
 * Adds the stack of one environment to `app`, with cdk-nag's AwsSolutions pack as a validation
 * plugin. The stack is environment-agnostic unless the catalog gives an account or a region, so
 * `cdk synth` never needs credentials.
 */
export function addEnvironment(app: App, catalog: Catalog, environmentName: string): SecretsWardenStack {
  // The shard stacks (catalog `shards`) are created by the main stack, beside it in the app.
  const view = catalog.forEnvironment(environmentName);
  const { account, region } = view.environment;
  const stack = new SecretsWardenStack(app, mainStackName(environmentName), {
    catalog,
    environmentName,
    env: account || region ? { account, region } : undefined,
    description: `secrets-warden ${environmentName}: catalog secrets, their key, access policies and rotation`,
    tags: { 'warden:environment': environmentName },
  });
  applyNag(app);
  return stack;
}
