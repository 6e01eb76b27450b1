// The unified secret model: what `config/secrets.yaml` says, after validation and after the
// environment's overrides and the catalog's defaults have been applied. The names the functions
// share with the CDK app (kinds, classifications, tags, inventory settings) live in contract/.

import type { Acceptance } from '../../contract/acceptance';
import type { Classification, InventorySettings } from '../../contract/catalog';

export { CLASSIFICATIONS, REQUIRED_TAGS, SECRET_KINDS, TAG, type Classification, type InventorySettings, type SecretKind } from '../../contract/catalog';

export type RotationStrategy = 'single-user' | 'alternating-users';

export const ROTATION_STRATEGIES: readonly RotationStrategy[] = ['single-user', 'alternating-users'];

export type RandomEncoding = 'alphanumeric' | 'base64url' | 'hex' | 'printable';
export const RANDOM_ENCODINGS: readonly RandomEncoding[] = ['alphanumeric', 'base64url', 'hex', 'printable'];

/** Secrets Manager limits on a rotation interval (RotationRulesType: 1-1000 days; rate() down to 4 hours). */
export const ROTATION_LIMITS = { minHours: 4, maxHours: 23, minDays: 1, maxDays: 1000 } as const;
/** A critical secret rotates at least this often unless its rotation states a justification. */
export const CRITICAL_MAX_ROTATION_DAYS = 90;


export type AlertSubscription =
  | { readonly protocol: 'email'; readonly endpoint: string }
  | { readonly protocol: 'https'; readonly endpoint: string }
  | { readonly protocol: 'sqs'; readonly endpoint: string /* queue ARN */ };

export interface RotationNetwork {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Create a Secrets Manager interface endpoint in the VPC for the rotation functions. */
  readonly secretsManagerEndpoint?: boolean;
}

export interface AuditSettings {
  /** When set, use this existing trail's log group (organisation trail) instead of creating a trail. */
  readonly existingTrailLogGroup?: string;
  /** The 14 CIS / Security Hub CloudWatch.1-14 filters and alarms. */
  readonly cisFilters: boolean;
  /** Days CloudTrail logs stay in CloudWatch Logs. */
  readonly logRetentionDays: number;
}

export interface ScheduleSettings {
  /** EventBridge schedule expression, e.g. `rate(1 day)` or `cron(0 6 * * ? *)`. */
  readonly inventory: string;
  readonly compliance: string;
}


export interface Environment {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  /** ARN of the role that administers this environment's secrets (may use every secret of it). */
  readonly adminRoleArn?: string;
  readonly alerts: readonly AlertSubscription[];
  readonly network?: RotationNetwork;
  readonly audit: AuditSettings;
  readonly schedules: ScheduleSettings;
  readonly inventory: InventorySettings;
  /**
   * Secret stacks beside the main stack (0 or absent: every secret in the main stack). Always set
   * by the loader; optional so hand-written fixtures need not list it. See lib/catalog/shards.ts.
   */
  readonly shards?: number;
  /**
   * Where docs/runbooks.md is published (https, no fragment): alarms, alerts and reports link
   * `<runbookBaseUrl>#<section>`. Absent: they name the repository path `docs/runbooks.md#<section>`.
   */
  readonly runbookBaseUrl?: string;
}

export interface RotationSettings {
  /** Exactly one of days or hours (Secrets Manager: 4 hours to 1000 days). */
  readonly days?: number;
  readonly hours?: number;
  /** Always set by the loader (default `single-user`); only postgres secrets may alternate users. */
  readonly strategy?: RotationStrategy;
  /** Rotation window, e.g. `3h`. */
  readonly duration?: string;
  /** Schedule expression for the window start, e.g. `cron(0 2 ? * SUN *)`. */
  readonly scheduleExpression?: string;
  /** Why a critical secret rotates less often than every 90 days. */
  readonly justification?: string;
}

export interface PostgresSettings {
  readonly engine: 'postgres' | 'aurora-postgresql';
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly username: string;
  readonly ssl: boolean;
  /** Catalog name of the master secret (alternating users); same environment. */
  readonly masterSecret?: string;
}

export interface RandomSettings {
  readonly length: number;
  readonly encoding: RandomEncoding;
  /** JSON key the value is stored under. */
  readonly key: string;
}

interface ExternalSettings {
  /** ISO date (YYYY-MM-DD) by which the secret must be rotated by hand. */
  readonly rotateBy: string;
}

interface SecretBase {
  readonly name: string;
  readonly classification: Classification;
  readonly owner: string;
  readonly description: string;
  /** IAM principal ARNs allowed to read the secret. */
  readonly readers: readonly string[];
  /** Explicit stack: `main` or a shard number (else the shard follows from the name). */
  readonly stack?: StackPin;
}

/** `main` (SecretsWarden-<env>) or a shard number, 1-based. */
export type StackPin = 'main' | number;

export interface PostgresSecret extends SecretBase {
  readonly kind: 'postgres';
  readonly rotation: RotationSettings;
  readonly postgres: PostgresSettings;
}

export interface RandomSecret extends SecretBase {
  readonly kind: 'random';
  readonly rotation: RotationSettings;
  readonly random: RandomSettings;
}

interface ExternalSecret extends SecretBase {
  readonly kind: 'external';
  readonly external: ExternalSettings;
}

export type SecretEntry = PostgresSecret | RandomSecret | ExternalSecret;

/** One environment's view of the catalog: its settings and its secrets with overrides applied. */
export interface EnvironmentCatalog {
  readonly environment: Environment;
  readonly secrets: readonly SecretEntry[];
  /**
   * Reader and admin role ARNs of every OTHER environment of the catalog: the principals a
   * resource policy denies explicitly and the inventory flags (`other-environment-access`).
   * Always set by the loader; optional so hand-written fixtures need not list it.
   */
  readonly otherEnvironmentPrincipals?: readonly string[];
  /**
   * The catalog's `accept:` entries that hold in this environment, expired ones included (reports
   * show them as expired). Always set by the loader; optional so hand-written fixtures need not list it.
   */
  readonly acceptances?: readonly Acceptance[];
}

export interface Catalog {
  readonly environments: readonly Environment[];
  /** Resolves the catalog for one environment; throws when the name is unknown. */
  forEnvironment(name: string): EnvironmentCatalog;
}

/** `<env>/<name>`: the Secrets Manager name of a catalog secret. */
export function secretName(environment: string, name: string): string {
  return `${environment}/${name}`;
}

export function rotationDays(rotation: RotationSettings): number {
  return rotation.days ?? (rotation.hours ?? 0) / 24;
}

/** Who the catalog lets use an environment's secrets: its admin role and every secret's readers, sorted, once each. */
export function principalsOf(environment: Environment, secrets: readonly SecretEntry[]): string[] {
  const principals = new Set(secrets.flatMap((s) => s.readers));
  if (environment.adminRoleArn) principals.add(environment.adminRoleArn);
  return [...principals].sort();
}
