// secrets-warden/client: applications read the catalog's secrets safely, fast, and through rotations.
// Depends only on @aws-sdk/client-secrets-manager (and @aws-sdk/client-ssm, loaded when an SSM
// source is configured). The pg pool is `secrets-warden/client/pg`, the middy middleware
// `secrets-warden/client/middy`. Guide: docs/client.md.
export { createSecrets } from './secrets';
export type { AccessEvent, ChangeListener, ReadOptions, Secrets, SecretsLogger, SecretsOptions, WithSecretOptions } from './secrets';
export { SecretValue } from './secret-value';
export { COMMON_ENVIRONMENT_NAMES } from './names';
export { AWSCURRENT, AWSPENDING, envVariableName } from './sources';
export type { ChangeCheck, EnvSourceOptions, Fetched, FileSourceOptions, SecretsManagerSourceOptions, Source, SourceOptions, SsmClientLike, SsmSourceOptions, Target } from './sources';
export { ForeignSecretError, SecretFetchError, SecretNotFoundError, SecretShapeError, SecretsClientError, SecretsConfigError } from './errors';
