// Catalog names to stored names: `<name>` is read as `<env>/<name>`, and nothing else is: an ARN,
// a name that starts with an environment's name, or a path trick is refused, so one environment's
// code can never read another environment's secret through this client.
import { ForeignSecretError, SecretsConfigError } from './errors';

/** As the catalog schema's environmentName. */
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,15}$/;
/** As the catalog schema's secretName. */
const NAME = /^[A-Za-z0-9/_+=.@-]{1,256}$/;

/** Environment names refused as a first segment when createSecrets is not given the catalog's own list. */
export const COMMON_ENVIRONMENT_NAMES: readonly string[] = [
  'dev', 'development', 'test', 'qa', 'int', 'staging', 'stage', 'preprod', 'uat', 'prod', 'production', 'sandbox', 'demo',
];

export function checkEnvironment(environment: unknown): string {
  if (typeof environment !== 'string' || !ENVIRONMENT.test(environment)) {
    throw new SecretsConfigError('environment', `${JSON.stringify(environment)} is not an environment name`, 'give the catalog environment this code runs in, e.g. "prod" (a lowercase letter, then up to 15 lowercase letters, digits or hyphens)');
  }
  return environment;
}

/** Production unless told otherwise when the name says so (prod, production, prod-eu, ...). */
export function looksLikeProduction(environment: string): boolean {
  return /^prod(uction)?(-|$)/.test(environment);
}

export class NameResolver {
  private readonly environments: ReadonlySet<string>;
  private readonly prefix: string;

  constructor(readonly environment: string, environments: readonly string[] = COMMON_ENVIRONMENT_NAMES) {
    this.environments = new Set([...environments, environment]);
    this.prefix = `${environment}/`;
  }

  /** `payments/db-app` -> `<env>/payments/db-app`; throws for anything that is not a catalog name of this environment. */
  resolve(name: string): string {
    if (typeof name !== 'string' || name.startsWith('arn:')) {
      throw new ForeignSecretError(String(name), this.environment, 'is not a catalog name (an ARN can name any environment\'s secret)');
    }
    if (!NAME.test(name)) {
      throw new SecretsConfigError('name', `"${name.slice(0, 80)}" is not a catalog name`, 'use 1 to 256 ASCII letters, digits and / _ + = . @ - as in config/secrets.yaml');
    }
    const segments = name.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) {
      throw new SecretsConfigError('name', `"${name}" has an empty, "." or ".." segment`, 'use the catalog name as written in config/secrets.yaml');
    }
    const first = segments[0]!;
    if (first === this.environment) {
      throw new ForeignSecretError(name, this.environment, 'already starts with the environment');
    }
    if (this.environments.has(first)) {
      throw new ForeignSecretError(name, this.environment, `names a secret of environment "${first}", not of "${this.environment}"`);
    }
    return this.prefix + name;
  }
}
