// Errors of the secrets-warden client, in the project's one error tree (contract/errors.ts). Each
// names the secret (never its value), what went wrong and what to do; a failure of a source keeps
// the original error as `cause`.
import { InputError, WardenError } from '../contract/errors';

/** Root of the client's errors other than bad arguments (those are SecretsConfigError, an InputError). */
export class SecretsClientError extends WardenError {}

/** A createSecrets option or a read argument is wrong: names the field and the fix. */
export class SecretsConfigError extends InputError {}

/** The name belongs to another environment (or is an ARN or name outside this one): environments never share a secret. */
export class ForeignSecretError extends SecretsConfigError {
  constructor(readonly secretName: string, readonly environment: string, problem: string) {
    super('name', `"${secretName}" ${problem}`, `ask for the catalog name (e.g. "payments/db-app"); it is read as ${environment}/<name> in this environment`);
  }
}

/** No configured source holds the secret. */
export class SecretNotFoundError extends SecretsClientError {
  constructor(readonly secretId: string, readonly sources: readonly string[]) {
    super(`secret ${secretId} was not found in any source (${sources.join(', ')}); check the name against config/secrets.yaml and that the environment is deployed`);
  }
}

/** A source failed (and no last good value was young enough to serve instead). */
export class SecretFetchError extends SecretsClientError {
  constructor(readonly secretId: string, readonly source: string, readonly operation: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`${source} ${operation} of ${secretId} failed: ${detail}; check the caller's permissions (IAM) and the network path to the service`, { cause });
  }
}

/** The secret is not what the call expects (not JSON, no such field, binary where text is needed). */
export class SecretShapeError extends SecretsClientError {
  constructor(readonly secretId: string, problem: string, fix: string, options?: ErrorOptions) {
    super(`secret ${secretId} ${problem}; ${fix}`, options);
  }
}
