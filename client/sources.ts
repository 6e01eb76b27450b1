// Where values come from. Each source answers "here it is", "not here" (undefined: the next source
// is asked) or throws (the read fails: a throttled or denied read never falls through to a later
// source, which could hold a local-development value). A source may also offer a cheap change check.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { GetParameterCommandInput, GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { stageToRead } from '../contract/secret-version';
import { SecretFetchError, SecretShapeError, SecretsConfigError } from './errors';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';

/** What to read: the stored id (`<env>/<name>`), the catalog name, and optionally a stage or a version. */
export interface Target {
  readonly id: string;
  readonly name: string;
  readonly stage?: string;
  readonly versionId?: string;
}

export interface Fetched {
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** Identifies the value at the source; '' when the source gave none (then no change check is possible). */
  readonly versionId: string;
}

/**
 * `changed: false` confirms the cached version is still the one asked for; `changed` undefined: the
 * source cannot tell (the TTL decides, shortened to `nextRotation` when that comes first).
 */
export interface ChangeCheck {
  readonly changed?: boolean;
  /** Epoch ms of the next scheduled rotation, when the source knows it. */
  readonly nextRotation?: number;
}

export interface Source {
  /** Shown in logs, errors and audit events. */
  readonly kind: string;
  fetch(target: Target): Promise<Fetched | undefined>;
  check?(target: Target, cached: Fetched): Promise<ChangeCheck>;
}

function named(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

function onlyCurrent(target: Target): boolean {
  return target.versionId === undefined && (target.stage === undefined || target.stage === AWSCURRENT);
}

// ---- Secrets Manager --------------------------------------------------------------------------

export interface SecretsManagerSourceOptions {
  readonly kind: 'secrets-manager';
  /** Defaults to `new SecretsManagerClient({})` (region and credentials from the environment). */
  readonly client?: SecretsManagerClient;
}

function secretsManagerSource(options: Omit<SecretsManagerSourceOptions, 'kind'> = {}): Source {
  let client = options.client;
  const sm = () => (client ??= new SecretsManagerClient({}));
  return {
    kind: 'secrets-manager',
    async fetch(target) {
      try {
        // AWSCURRENT by name, never the API's default (contract/secret-version.ts says why).
        const stage = stageToRead(target.stage, target.versionId);
        const out = await sm().send(new GetSecretValueCommand({
          SecretId: target.id,
          ...(target.versionId === undefined ? {} : { VersionId: target.versionId }),
          ...(stage === undefined ? {} : { VersionStage: stage }),
        }));
        return { text: out.SecretString, bytes: out.SecretBinary, versionId: out.VersionId ?? '' };
      } catch (cause) {
        // No such secret, or no version with that stage or id.
        if (named(cause, 'ResourceNotFoundException')) return undefined;
        throw new SecretFetchError(target.id, 'secrets-manager', 'GetSecretValue', cause);
      }
    },
    // DescribeSecret reads metadata only (no decryption). VersionIdsToStages says which version
    // holds the stage now; a compatible server that omits it leaves the decision to the TTL.
    async check(target, cached) {
      if (target.versionId !== undefined) return { changed: false }; // a version's value never changes
      if (cached.versionId === '') return {};
      let out;
      try {
        out = await sm().send(new DescribeSecretCommand({ SecretId: target.id }));
      } catch (cause) {
        if (named(cause, 'ResourceNotFoundException')) return { changed: true };
        throw new SecretFetchError(target.id, 'secrets-manager', 'DescribeSecret', cause);
      }
      const nextRotation = out.NextRotationDate instanceof Date && !Number.isNaN(out.NextRotationDate.getTime()) ? out.NextRotationDate.getTime() : undefined;
      const stages = out.VersionIdsToStages;
      const rotation = nextRotation === undefined ? {} : { nextRotation };
      if (stages === undefined || stages === null || typeof stages !== 'object') return rotation;
      const stage = target.stage ?? AWSCURRENT;
      const holder = Object.keys(stages).find((id) => stages[id]?.includes(stage));
      return { changed: holder !== cached.versionId, ...rotation };
    },
  };
}

// ---- SSM Parameter Store -------------------------------------------------------------------

/** The part of an SSMClient this source uses (the SDK's SSMClient fits). */
export interface SsmClientLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's send is generic over its command types
  send(command: any): Promise<unknown>;
}

export interface SsmSourceOptions {
  readonly kind: 'ssm';
  /** Defaults to `new SSMClient({})`; @aws-sdk/client-ssm is loaded only when this source first reads. */
  readonly client?: SsmClientLike;
  /** Parameter name = prefix + `<env>/<name>`; default '/'. */
  readonly prefix?: string;
}

/**
 * Imported by a name held in a variable, so that bundlers (esbuild, as CDK's NodejsFunction uses)
 * leave it out: an application without an SSM source does not carry the SSM client. With one, it
 * comes from node_modules or the Lambda runtime (which ships the AWS SDK v3).
 */
const SSM_PACKAGE: string = '@aws-sdk/client-ssm';

function ssmSource(options: Omit<SsmSourceOptions, 'kind'> = {}): Source {
  const prefix = options.prefix ?? '/';
  let loaded: Promise<{ client: SsmClientLike; command: (input: GetParameterCommandInput) => unknown }> | undefined;
  const ssm = () => (loaded ??= (import(SSM_PACKAGE) as Promise<typeof import('@aws-sdk/client-ssm')>).then((sdk) => ({
    client: options.client ?? new sdk.SSMClient({}),
    command: (input: GetParameterCommandInput) => new sdk.GetParameterCommand(input),
  })));
  return {
    kind: 'ssm',
    async fetch(target) {
      // Parameter Store has versions but no stages.
      if (target.stage !== undefined && target.stage !== AWSCURRENT) return undefined;
      const { client, command } = await ssm();
      const name = prefix + target.id + (target.versionId === undefined ? '' : `:${target.versionId}`);
      let out: GetParameterCommandOutput;
      try {
        out = (await client.send(command({ Name: name, WithDecryption: true }))) as GetParameterCommandOutput;
      } catch (cause) {
        if (named(cause, 'ParameterNotFound', 'ParameterVersionNotFound')) return undefined;
        throw new SecretFetchError(target.id, 'ssm', 'GetParameter', cause);
      }
      const parameter = out.Parameter;
      if (parameter?.Type !== 'SecureString') {
        throw new SecretShapeError(target.id, `is an SSM parameter of type ${parameter?.Type ?? 'unknown'} (${name}), not SecureString`, 'store secrets as SecureString parameters (encrypted with KMS)');
      }
      return { text: parameter.Value, versionId: parameter.Version === undefined ? '' : String(parameter.Version) };
    },
  };
}

// ---- Files (Kubernetes secret volumes, ECS bind mounts) ---------------------------------

export interface FileSourceOptions {
  readonly kind: 'files';
  readonly directory: string;
  /** 'environment' (default): `<directory>/<env>/<name>`; 'flat': `<directory>/<name>` (a mount holds one environment). */
  readonly layout?: 'environment' | 'flat';
}

function fileSource(options: Omit<FileSourceOptions, 'kind'>): Source {
  if (typeof options.directory !== 'string' || options.directory === '') {
    throw new SecretsConfigError('sources[].directory', 'is missing', 'give the directory where the secrets are mounted, e.g. "/var/run/secrets/app"');
  }
  const path = (target: Target) => join(options.directory, options.layout === 'flat' ? target.name : target.id);
  // The kubelet swaps a symlink on update: inode or mtime and size tell a new file.
  const fingerprint = (s: { ino: number; mtimeMs: number; size: number }) => `${s.ino}-${s.mtimeMs}-${s.size}`;
  return {
    kind: 'files',
    async fetch(target) {
      if (!onlyCurrent(target)) return undefined;
      const file = path(target);
      try {
        const [info, bytes] = await Promise.all([stat(file), readFile(file)]);
        return { text: bytes.toString('utf8').replace(/\r?\n$/, ''), versionId: fingerprint(info) };
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new SecretFetchError(target.id, 'files', `reading ${file}`, cause);
      }
    },
    async check(target, cached) {
      try {
        return { changed: fingerprint(await stat(path(target))) !== cached.versionId };
      } catch {
        return { changed: true };
      }
    },
  };
}

// ---- Environment variables (local development only) ------------------------------------

export interface EnvSourceOptions {
  readonly kind: 'env';
  /** Variable = prefix + the catalog name upper-cased, other characters as `_`: `payments/db-app` -> `SECRET_PAYMENTS_DB_APP`. */
  readonly prefix?: string;
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export function envVariableName(name: string, prefix = 'SECRET_'): string {
  return prefix + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function envSource(options: Omit<EnvSourceOptions, 'kind'> = {}): Source {
  const env = options.env ?? process.env;
  return {
    kind: 'env',
    async fetch(target) {
      if (!onlyCurrent(target)) return undefined;
      const text = env[envVariableName(target.name, options.prefix)];
      return text === undefined ? undefined : { text, versionId: 'env' };
    },
    async check(target, cached) {
      return { changed: env[envVariableName(target.name, options.prefix)] !== cached.text };
    },
  };
}

export type SourceOptions = SecretsManagerSourceOptions | SsmSourceOptions | FileSourceOptions | EnvSourceOptions;

/** Builds the configured sources, in order; refuses environment variables in production. */
export function buildSources(configured: readonly (SourceOptions | Source)[], production: boolean): Source[] {
  if (configured.length === 0) throw new SecretsConfigError('sources', 'is empty', 'list at least one source, e.g. [{ kind: "secrets-manager" }]');
  return configured.map((entry, i) => {
    if ('fetch' in entry) return entry;
    switch (entry.kind) {
      case 'secrets-manager': return secretsManagerSource(entry);
      case 'ssm': return ssmSource(entry);
      case 'files': return fileSource(entry);
      case 'env':
        if (production) {
          throw new SecretsConfigError(`sources[${i}]`, 'environment variables are refused in a production environment', 'read secrets from Secrets Manager, SSM or mounted files there; environment variables are for local development (set production: false only for a non-production environment)');
        }
        return envSource(entry);
      default:
        throw new SecretsConfigError(`sources[${i}].kind`, `"${String((entry as { kind?: unknown }).kind)}" is not a source`, 'use secrets-manager, ssm, files or env');
    }
  });
}
