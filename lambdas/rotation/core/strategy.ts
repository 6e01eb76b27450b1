// What a kind of secret (PostgreSQL single-user, alternating users, random token) plugs into the
// generic four-step rotation. `rotate()` runs the entry checks, finishSecret, idempotency of
// createSecret and observability, and turns anything a step throws into a RotationError naming
// the step and the secret; a strategy only says how to make, set and test a credential.
import { WardenError } from '../../shared/errors';
import type { Clock, Random, RotationEvent, SecretDescription, SecretsStore, SecretVersion, Step } from './ports';

/** A step failed: names the step and the secret, keeps the cause; never holds a secret value. */
export class RotationError extends WardenError {
  constructor(
    readonly step: Step,
    readonly secretArn: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${step}: ${message} (secret ${secretArn})`, options);
  }
}

/** What a strategy's step sees. Versions are fetched lazily, each at most once per invocation. */
export interface StepContext {
  readonly event: RotationEvent;
  readonly step: Step;
  /** The secret's full ARN, from DescribeSecret (the event may carry a name). */
  readonly secretArn: string;
  /** The ClientRequestToken: the VersionId of the version being rotated in (AWSPENDING). */
  readonly token: string;
  readonly description: SecretDescription;
  readonly store: SecretsStore;
  readonly clock: Clock;
  readonly random: Random;
  /** The AWSCURRENT version; fails with a RotationError when it cannot be read. */
  current(): Promise<SecretVersion>;
  /** The token's version with AWSPENDING, or undefined while it has no value. */
  pending(): Promise<SecretVersion | undefined>;
  /** The AWSPREVIOUS version, or undefined (a secret rotated for the first time has none). */
  previous(): Promise<SecretVersion | undefined>;
  /** AWSCURRENT of another secret (e.g. the `masterarn` of alternating users), fetched once. */
  otherSecret(secretId: string): Promise<SecretVersion>;
  /** Another secret's version at `stage` (e.g. the master's AWSPREVIOUS or AWSPENDING), or undefined; fetched once. */
  otherSecretAt(secretId: string, stage: string): Promise<SecretVersion | undefined>;
  /** Adds a field to the step's log line (an identifier or a stage name, never a value). */
  note(field: string, value: string): void;
  /**
   * Marks values so the core masks them in any log line or error it emits (defence in depth:
   * strategies should never put one in a message in the first place).
   */
  addSensitive(...values: readonly string[]): void;
  /** A RotationError for this step and secret. */
  fail(message: string, cause?: unknown): RotationError;
}

export interface RotationStrategy {
  /** Appears in logs, e.g. `postgres-single-user`, `postgres-alternating-users`, `random-token`. */
  readonly name: string;
  /**
   * Returns the full SecretString for the pending version. The core stores it with
   * PutSecretValue(token, AWSPENDING, RotationToken) unless the version already holds a value,
   * in which case the step changes nothing (a Lambda retry).
   */
  createSecret(ctx: StepContext): Promise<string>;
  /** Makes the pending credential valid where it is used (e.g. the database); idempotent. */
  setSecret(ctx: StepContext): Promise<void>;
  /** Proves the pending credential works; must not change anything. */
  testSecret(ctx: StepContext): Promise<void>;
}
