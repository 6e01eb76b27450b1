// Builds apps the way bin/app.ts does. Bundling is skipped (context aws:cdk:bundling-stacks = [])
// except where a test is about bundling: esbuild per function per environment is the slow part.
import { App, type AppProps } from 'aws-cdk-lib';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { Catalog } from '../../lib/catalog/types';
import { loadCatalog } from '../../lib/catalog';
import { lambdaEntry } from '../../lib/constructs/warden-function';
import { applyNag } from '../../lib/nag';
import { SecretsWardenStack } from '../../lib/stacks/secrets-warden-stack';
import { addEnvironment } from '../../lib/stacks/warden-app';
import { temporaryDirectory } from '../support/temporary-directory';
import { CATALOG } from './fixtures/catalogs';

export const EXAMPLE_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

export function exampleCatalog(): Catalog {
  return loadCatalog(lambdaEntry('config/secrets.yaml'));
}

/**
 * Where a test app's cloud assembly (and the bundles lib/constructs/lambda-bundle.ts builds beside
 * it) goes: a temporary directory of the test, or of the file when made outside a test. Without an
 * outdir, CDK makes a cdk.outXXXXXX in the system's temporary folder and never removes it.
 */
export function cdkOutdir(): string {
  return temporaryDirectory('warden-cdk-out-');
}

/** `new App(props)` with its assembly in {@link cdkOutdir}. */
export function testApp(props: AppProps = {}): App {
  return new App({ outdir: cdkOutdir(), ...props });
}

export function noBundlingApp(): App {
  return testApp({ context: { 'aws:cdk:bundling-stacks': [] } });
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

/**
 * This process's environment for a child that must not reach AWS: no AWS_ or CDK_ setting (no
 * credentials, region or profile) and an unreachable instance metadata endpoint, so any attempt to
 * find credentials fails at once instead of waiting on a timeout.
 */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_')));
  return { ...env, ...extra, AWS_EC2_METADATA_DISABLED: 'true' };
}

/**
 * Imports a bundled function (`index.mjs`) in a plain node process, as the Lambda runtime loads it
 * (not through vitest's module transform, which spent about 10 s on each multi-megabyte bundle),
 * in offlineEnv(), so a load that reached for AWS fails instead of waiting. Returns the JSON value
 * of `probe`, an expression over `mod` (the module) and `url` (the file's URL).
 */
export function probeBundle(file: string, probe: string): unknown {
  const script = `const url = process.argv[1]; const mod = await import(url); process.stdout.write(JSON.stringify(${probe}));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(file).href], {
    env: offlineEnv(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(stdout) as unknown;
}
