// Builds apps the way bin/app.ts does. Bundling is skipped (context aws:cdk:bundling-stacks = [])
// except where a test is about bundling: esbuild per function per environment is the slow part.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Catalog } from '../../lib/catalog/types';
import { loadCatalog } from '../../lib/catalog';
import { lambdaEntry } from '../../lib/constructs/warden-function';
import { applyNag } from '../../lib/nag';
import { SecretsWardenStack } from '../../lib/stacks/secrets-warden-stack';
import { addEnvironment } from '../../lib/stacks/warden-app';
import { CATALOG } from './fixtures/catalogs';

export const EXAMPLE_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

export function exampleCatalog(): Catalog {
  return loadCatalog(lambdaEntry('config/secrets.yaml'));
}

export function noBundlingApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

export interface Built {
  readonly stack: SecretsWardenStack;
  readonly template: Template;
}

/**
 * Stacks of the hand-built catalog (or another) in one app, with cdk-nag attached as in bin/app.ts.
 * All stacks exist before the first template: a synthesized app cannot grow.
 */
export function stacksFor(names: readonly string[], catalog: Catalog = CATALOG, app: App = noBundlingApp()): Map<string, Built> {
  const stacks = names.map((environmentName) => new SecretsWardenStack(app, `SecretsWarden-${environmentName}`, { catalog, environmentName }));
  applyNag(app);
  return new Map(stacks.map((stack) => [stack.environmentName, { stack, template: Template.fromStack(stack) }]));
}

/** Every environment of a catalog in one app, as `cdk synth -c env=NAME` builds each. */
export function exampleStacks(app: App = noBundlingApp(), catalog: Catalog = exampleCatalog()): Map<string, SecretsWardenStack> {
  return new Map(catalog.environments.map((e) => [e.name, addEnvironment(app, catalog, e.name)]));
}

type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };

/** The statements of the resource policy attached to the secret with this logical id. */
export function resourcePolicyOf(template: Template, secretLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::SecretsManager::ResourcePolicy', { Properties: { SecretId: { Ref: secretLogicalId } } });
  const [policy] = Object.values(policies);
  if (!policy) throw new Error(`no resource policy for ${secretLogicalId}`);
  return policy.Properties.ResourcePolicy.Statement as Statement[];
}

export function statement(statements: readonly Statement[], sid: string): Statement {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${statements.map((s) => s.Sid).join(', ')}`);
  return found;
}

export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
