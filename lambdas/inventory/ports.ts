// The only things the inventory's rooms (scan/, history/, report/) touch. Adapters under `../adapters/` implement them over
// the AWS SDK; tests drive those adapters against stateful SDK doubles.

import { WardenError } from '../shared/errors';

/** One secret as ListSecrets (or DescribeSecret) reports it: metadata only, never a value. */
export interface SecretListing {
  readonly arn: string;
  readonly name: string;
  /** Absent from ListSecrets when the secret uses the AWS managed key `aws/secretsmanager`. */
  readonly kmsKeyId: string | null;
  readonly rotationEnabled: boolean;
  readonly rotationLambdaArn: string | null;
  /** RotationRules.AutomaticallyAfterDays, or a `rate(...)` ScheduleExpression converted to days. */
  readonly rotationIntervalDays: number | null;
  readonly lastRotated: string | null;
  readonly lastChanged: string | null;
  /** Secrets Manager keeps only the date (midnight UTC); null when never read. */
  readonly lastAccessed: string | null;
  readonly nextRotation: string | null;
  readonly deleted: string | null;
  readonly created: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** Set for secrets that take part in replication (primary or replica). */
  readonly primaryRegion: string | null;
  readonly owningService: string | null;
}

interface SecretPage {
  readonly secrets: readonly SecretListing[];
  readonly nextToken: string | null;
}

export interface SecretsSource {
  /**
   * One ListSecrets call with IncludePlannedDeletion; `namePrefix` becomes a `name` filter and
   * `nameOrder` sorts by name (SortBy name, SortOrder asc|desc); null keeps the default order.
   */
  listPage(namePrefix: string | null, nextToken: string | null, nameOrder: 'asc' | 'desc' | null): Promise<SecretPage>;
  /** GetResourcePolicy: the policy JSON, or null when the secret has none. */
  getResourcePolicy(arn: string): Promise<string | null>;
  /** DescribeSecret's ReplicationStatus (ListSecrets does not return it). */
  getReplicas(arn: string): Promise<{ region: string; status: string }[]>;
}

export interface FunctionEnvironment {
  readonly arn: string;
  readonly variables: Readonly<Record<string, string>>;
}

export interface PlainParameter {
  readonly arn: string;
  readonly name: string;
  readonly value: string;
}

/** Places where credentials hide in plaintext, streamed page by page. */
export interface PlaintextSources {
  functions(): AsyncIterable<FunctionEnvironment>;
  /** SSM parameters of type String only (SecureString is encrypted and out of scope). */
  stringParameters(): AsyncIterable<PlainParameter>;
}

export interface Clock {
  now(): Date;
}

export interface ScanLog {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

/** A request the service refused for rate (ThrottlingException and friends); worth retrying later. */
export class ThrottledError extends WardenError {
  constructor(readonly operation: string, readonly resource: string, options?: ErrorOptions) {
    super(`${operation} was throttled for ${resource}; retry with backoff`, options);
  }
}

/** The report bucket and the alert topic: one port each for every function (lambdas/shared). */
export type { Notifier } from '../shared/notifier';
export type { ReportStore } from '../shared/report-store';

/** One datum of the inventory's metrics (report/metrics.ts builds them). */
export interface MetricDatum {
  readonly MetricName: string;
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly Value: number;
  readonly Unit: 'Count';
  readonly Timestamp: Date;
}

/** The inventory's metrics, emitted as EMF through Powertools when the handler returns (no API call). */
export interface MetricsSink {
  publish(data: readonly MetricDatum[]): void;
}
