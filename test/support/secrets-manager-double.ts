// A stateful in-memory AWS Secrets Manager, installed behind an aws-sdk-client-mock mock of
// SecretsManagerClient so that the real adapter code (commands, inputs, outputs, error classes)
// runs in tests. It follows the documented API contract
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/), not canned replies.
// Not modelled: SDK retries (the mock replaces the middleware stack, so a ThrottlingException
// reaches the caller at once), IAM, KMS encryption, replica regions' own copies, 100-version pruning.
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  type CreateSecretCommandInput,
  type DeleteSecretCommandInput,
  type Filter,
  type GetSecretValueCommandInput,
  type ListSecretsCommandInput,
  type ListSecretVersionIdsCommandInput,
  type PutSecretValueCommandInput,
  type ReplicationStatusType,
  type RotateSecretCommandInput,
  type RotationRulesType,
  type SecretListEntry,
  type Tag,
  type UpdateSecretCommandInput,
  type UpdateSecretVersionStageCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

const COMMANDS = {
  CancelRotateSecret: CancelRotateSecretCommand,
  CreateSecret: CreateSecretCommand,
  DeleteResourcePolicy: DeleteResourcePolicyCommand,
  DeleteSecret: DeleteSecretCommand,
  DescribeSecret: DescribeSecretCommand,
  GetResourcePolicy: GetResourcePolicyCommand,
  GetSecretValue: GetSecretValueCommand,
  ListSecrets: ListSecretsCommand,
  ListSecretVersionIds: ListSecretVersionIdsCommand,
  PutResourcePolicy: PutResourcePolicyCommand,
  PutSecretValue: PutSecretValueCommand,
  RestoreSecret: RestoreSecretCommand,
  RotateSecret: RotateSecretCommand,
  TagResource: TagResourceCommand,
  UntagResource: UntagResourceCommand,
  UpdateSecret: UpdateSecretCommand,
  UpdateSecretVersionStage: UpdateSecretVersionStageCommand,
} as const;

/** API operation names, as in the API reference (the SDK command class without `Command`). */
export type SecretsManagerOperation = keyof typeof COMMANDS;
export const SECRETS_MANAGER_OPERATIONS = Object.keys(COMMANDS) as SecretsManagerOperation[];

/** Operations that change state; everything else only reads. */
export const MUTATING_OPERATIONS: ReadonlySet<SecretsManagerOperation> = new Set([
  'CancelRotateSecret', 'CreateSecret', 'DeleteResourcePolicy', 'DeleteSecret', 'PutResourcePolicy', 'PutSecretValue',
  'RestoreSecret', 'RotateSecret', 'TagResource', 'UntagResource', 'UpdateSecret', 'UpdateSecretVersionStage',
]);

export interface SecretsManagerCall {
  readonly operation: SecretsManagerOperation;
  /** A deep copy of the command input as the adapter sent it. */
  readonly input: Readonly<Record<string, unknown>>;
  /** 'ok', or the name of the error the caller received. */
  outcome: 'ok' | string;
  /** True once the call's effect was applied to the state (also true when a crash is injected after it). */
  applied: boolean;
}

export type CallMatcher = SecretsManagerOperation | ((call: SecretsManagerCall) => boolean);

/** What a test throws to simulate the Lambda dying; carries no value. */
export class InjectedFailure extends Error {
  constructor(message = 'injected failure') {
    super(message);
    this.name = 'InjectedFailure';
  }
}

export interface StoredVersion {
  readonly versionId: string;
  stages: Set<string>;
  secretString?: string;
  secretBinary?: Uint8Array;
  createdDate: Date;
  lastAccessedDate?: Date;
  kmsKeyIds: string[];
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  rotationEnabled?: boolean;
  rotationLambdaArn?: string;
  rotationRules?: RotationRulesType;
  lastRotatedDate?: Date;
  nextRotationDate?: Date;
  lastChangedDate?: Date;
  lastAccessedDate?: Date;
  createdDate: Date;
  deletedDate?: Date;
  owningService?: string;
  primaryRegion?: string;
  replicationStatus: ReplicationStatusType[];
  resourcePolicy?: string;
  /** Insertion order: VersionId -> version. */
  versions: Map<string, StoredVersion>;
  /** Creation sequence, a stable tie-break when two secrets share a CreatedDate. */
  sequence: number;
}

/** Direct state for a test's "given": anything the API would have produced over the secret's life. */
export interface SecretSeed {
  readonly name: string;
  readonly secretString?: string;
  readonly secretBinary?: Uint8Array;
  /** VersionId of the AWSCURRENT version built from secretString/secretBinary; random when absent. */
  readonly versionId?: string;
  /** Extra versions, created in order after the current one (e.g. an AWSPREVIOUS or a value-less AWSPENDING). */
  readonly versions?: readonly { versionId: string; stages: readonly string[]; secretString?: string; createdDate?: Date }[];
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>> | readonly Tag[];
  readonly rotationEnabled?: boolean;
  readonly rotationLambdaArn?: string;
  readonly rotationRules?: RotationRulesType;
  readonly lastRotatedDate?: Date;
  readonly nextRotationDate?: Date;
  readonly lastChangedDate?: Date;
  readonly lastAccessedDate?: Date;
  readonly createdDate?: Date;
  readonly deletedDate?: Date;
  readonly owningService?: string;
  readonly primaryRegion?: string;
  readonly replicationStatus?: readonly ReplicationStatusType[];
  readonly resourcePolicy?: string;
}

export interface ThrottleOptions {
  /** Throttle every Nth matching call (N, 2N, ...), counted from when throttling was set. */
  readonly everyNth?: number;
  /** Probability in [0, 1] that a matching call is throttled; uses `random` (seed it for determinism). */
  readonly rate?: number;
  readonly random?: () => number;
  /** Operations subject to throttling; all when absent. */
  readonly operations?: readonly SecretsManagerOperation[];
}

export interface SecretsManagerDoubleOptions {
  readonly region?: string;
  readonly account?: string;
  /** The service clock; real time by default. */
  readonly now?: () => Date;
  /**
   * Benchmarks with 100,000s of secrets: keep each ListSecrets query's ordered result until the
   * next change through the API or seed(). Tests that edit `secret()` in place must leave it off.
   */
  readonly cacheListings?: boolean;
  /**
   * PutSecretValue with the ClientRequestToken of a version that already holds a different value.
   * 'refuse' (default): AWS's documented contract, ResourceExistsException ("you can't modify an
   * existing version"). 'overwrite': what moto and LocalStack do, the version's value is replaced
   * and it keeps its labels; code that must be safe under both runs its suites with this too.
   */
  readonly existingVersionWrite?: 'refuse' | 'overwrite';
  /**
   * ListSecrets SortBy / SortOrder. 'honour' (default): AWS's documented contract. 'ignore': what
   * moto does, both are ignored and every listing comes in creation order.
   */
  readonly listSort?: 'honour' | 'ignore';
  /**
   * GetSecretValue with neither VersionId nor VersionStage. 'awscurrent' (default): AWS's documented
   * contract, the AWSCURRENT version. 'last-written': what moto does, the version CreateSecret,
   * PutSecretValue or UpdateSecret last wrote as AWSCURRENT, even after UpdateSecretVersionStage
   * moved AWSCURRENT to another version (a rotation's finishSecret).
   */
  readonly unstagedRead?: 'awscurrent' | 'last-written';
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

const NAME_PATTERN = /^[a-zA-Z0-9/_+=.@-]{1,512}$/;
const FILTER_VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;
const FILTER_KEYS = new Set(['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all']);
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function metadata(httpStatusCode: number) {
  return { httpStatusCode, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 };
}

function notFound(message = "Secrets Manager can't find the specified secret."): ResourceNotFoundException {
  return new ResourceNotFoundException({ message, $metadata: metadata(400) });
}
function invalidParameter(message: string): InvalidParameterException {
  return new InvalidParameterException({ message, $metadata: metadata(400) });
}
function invalidRequest(message: string): InvalidRequestException {
  return new InvalidRequestException({ message, $metadata: metadata(400) });
}
function exists(message: string): ResourceExistsException {
  return new ResourceExistsException({ message, $metadata: metadata(400) });
}

/** Throttling as the SDK surfaces it: a service exception named ThrottlingException (no modelled class). */
export function throttlingException(message = 'Rate exceeded'): SecretsManagerServiceException {
  return new SecretsManagerServiceException({ name: 'ThrottlingException', $fault: 'client', message, $metadata: metadata(400) });
}

/** LastAccessedDate is a date, not a time: AWS rounds it down to midnight UTC. */
function dateOnly(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function hasValue(version: StoredVersion): boolean {
  return version.secretString !== undefined || version.secretBinary !== undefined;
}

function checkToken(token: unknown, field = 'ClientRequestToken'): string | undefined {
  if (token === undefined) return undefined;
  // API constraint: ClientRequestToken is 32 to 64 characters (a UUID is 36).
  if (typeof token !== 'string' || token.length < 32 || token.length > 64) {
    throw invalidParameter(`${field} must be a string of 32 to 64 characters.`);
  }
  return token;
}

export class SecretsManagerDouble {
  readonly region: string;
  readonly account: string;
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly log: SecretsManagerCall[] = [];
  private readonly beforeHooks: ((call: SecretsManagerCall) => void | Promise<void>)[] = [];
  private readonly afterHooks: ((call: SecretsManagerCall, output: Output) => void | Promise<void>)[] = [];
  private throttling?: ThrottleOptions & { seen: number };
  private sequence = 0;
  private clock: () => Date;
  /** Name -> secret (names never change; a force-deleted secret's entry is checked against `secrets`). */
  private readonly byName = new Map<string, StoredSecret>();
  /** Bumped by every change; the ListSecrets cache (cacheListings) is valid for one generation. */
  private generation = 0;
  private readonly listings = new Map<string, { generation: number; matching: StoredSecret[] }>();
  private readonly cacheListings: boolean;
  private readonly existingVersionWrite: 'refuse' | 'overwrite';
  private readonly listSort: 'honour' | 'ignore';
  private readonly unstagedRead: 'awscurrent' | 'last-written';
  /** Per secret, the VersionId a write last made AWSCURRENT (what unstagedRead 'last-written' reads). */
  private readonly writtenCurrent = new WeakMap<StoredSecret, string>();

  constructor(options: SecretsManagerDoubleOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.clock = options.now ?? (() => new Date());
    this.cacheListings = options.cacheListings ?? false;
    this.existingVersionWrite = options.existingVersionWrite ?? 'refuse';
    this.listSort = options.listSort ?? 'honour';
    this.unstagedRead = options.unstagedRead ?? 'awscurrent';
  }

  // ---- test hooks ----------------------------------------------------------------------------

  /** Replaces the service clock (e.g. a fixed date for LastAccessedDate / NextRotationDate checks). */
  setClock(now: () => Date): void {
    this.clock = now;
  }

  /** Every call so far, optionally only one operation's. */
  calls(operation?: SecretsManagerOperation): readonly SecretsManagerCall[] {
    return operation === undefined ? [...this.log] : this.log.filter((c) => c.operation === operation);
  }

  /** Number of calls so far, optionally only one operation's. */
  callCount(operation?: SecretsManagerOperation): number {
    return this.calls(operation).length;
  }

  /** Calls per operation, e.g. `{ DescribeSecret: 4, GetSecretValue: 3 }`. */
  callCounts(): Partial<Record<SecretsManagerOperation, number>> {
    const counts: Partial<Record<SecretsManagerOperation, number>> = {};
    for (const call of this.log) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
    return counts;
  }

  clearCalls(): void {
    this.log.length = 0;
  }

  /** Runs before every call; throwing rejects the call before it has any effect. Returns an uninstaller. */
  beforeCall(hook: (call: SecretsManagerCall) => void | Promise<void>): () => void {
    this.beforeHooks.push(hook);
    return () => this.beforeHooks.splice(this.beforeHooks.indexOf(hook) >>> 0, 1);
  }

  /**
   * Runs after every call's effect is applied; throwing makes the caller see an error although the
   * call took effect ("the request succeeded, then the Lambda died"). Returns an uninstaller.
   */
  afterCall(hook: (call: SecretsManagerCall, output: Output) => void | Promise<void>): () => void {
    this.afterHooks.push(hook);
    return () => this.afterHooks.splice(this.afterHooks.indexOf(hook) >>> 0, 1);
  }

  /**
   * Fails the next call that matches, once. By default the call fails before its effect; with
   * `afterEffect: true` the effect is applied first, then the error is thrown to the caller.
   */
  failNext(match: CallMatcher, error: Error = new InjectedFailure(), options: { afterEffect?: boolean } = {}): void {
    const matches = typeof match === 'function' ? match : (call: SecretsManagerCall) => call.operation === match;
    let armed = true;
    const fire = (call: SecretsManagerCall) => {
      if (armed && matches(call)) {
        armed = false;
        remove();
        throw error;
      }
    };
    const remove = options.afterEffect ? this.afterCall(fire) : this.beforeCall(fire);
  }

  /** Throttles matching calls (ThrottlingException before any effect) until `stopThrottling()`. */
  throttle(options: ThrottleOptions): void {
    if (options.everyNth === undefined && options.rate === undefined) throw new Error('throttle: give everyNth or rate');
    this.throttling = { ...options, seen: 0 };
  }

  stopThrottling(): void {
    this.throttling = undefined;
  }

  // ---- state helpers ---------------------------------------------------------------------------

  /** Creates a secret directly in the state (no call logged); returns its ARN. */
  seed(seed: SecretSeed): string {
    if (this.findByName(seed.name)) throw new Error(`seed: a secret named ${seed.name} exists`);
    const now = this.clock();
    const tags = Array.isArray(seed.tags)
      ? (seed.tags as Tag[]).map((t) => ({ ...t }))
      : Object.entries((seed.tags ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
    const secret = this.newSecret(seed.name, seed.createdDate ?? now);
    Object.assign(secret, {
      description: seed.description,
      kmsKeyId: seed.kmsKeyId,
      tags,
      rotationEnabled: seed.rotationEnabled,
      rotationLambdaArn: seed.rotationLambdaArn,
      rotationRules: seed.rotationRules && clone(seed.rotationRules),
      lastRotatedDate: seed.lastRotatedDate,
      nextRotationDate: seed.nextRotationDate,
      lastChangedDate: seed.lastChangedDate ?? seed.createdDate ?? now,
      lastAccessedDate: seed.lastAccessedDate && dateOnly(seed.lastAccessedDate),
      deletedDate: seed.deletedDate,
      owningService: seed.owningService,
      primaryRegion: seed.primaryRegion ?? this.region,
      replicationStatus: clone([...(seed.replicationStatus ?? [])]),
      resourcePolicy: seed.resourcePolicy,
    });
    if (seed.secretString !== undefined || seed.secretBinary !== undefined) {
      this.addVersion(secret, seed.versionId ?? randomUUID(), [AWSCURRENT], seed.secretString, seed.secretBinary, seed.createdDate ?? now);
    }
    for (const v of seed.versions ?? []) {
      for (const stage of v.stages) this.detachStage(secret, stage);
      this.addVersion(secret, v.versionId, v.stages, v.secretString, undefined, v.createdDate ?? now);
    }
    return secret.arn;
  }

  /** The raw stored secret (mutable: a test may age dates), or undefined. */
  secret(secretId: string): StoredSecret | undefined {
    return this.find(secretId);
  }

  /** VersionId -> staging labels, sorted, including versions without labels. */
  stagesOf(secretId: string): Record<string, string[]> {
    const secret = this.mustFind(secretId);
    return Object.fromEntries([...secret.versions.values()].map((v) => [v.versionId, [...v.stages].sort()]));
  }

  /** The version holding `stage`, or undefined. */
  versionAt(secretId: string, stage: string): string | undefined {
    return this.versionWithStage(this.mustFind(secretId), stage)?.versionId;
  }

  /** SecretString at a staging label or VersionId; undefined when absent or without a value. */
  valueAt(secretId: string, stageOrVersion: string | { versionId: string }): string | undefined {
    const secret = this.mustFind(secretId);
    const version = typeof stageOrVersion === 'string'
      ? this.versionWithStage(secret, stageOrVersion) ?? secret.versions.get(stageOrVersion)
      : secret.versions.get(stageOrVersion.versionId);
    return version?.secretString;
  }

  /** Every version in creation order (copies). */
  versions(secretId: string): { versionId: string; stages: string[]; secretString?: string; createdDate: Date }[] {
    return [...this.mustFind(secretId).versions.values()].map((v) => ({
      versionId: v.versionId,
      stages: [...v.stages].sort(),
      secretString: v.secretString,
      createdDate: v.createdDate,
    }));
  }

  /** Every secret's ARN (deleted ones included). */
  arns(): string[] {
    return [...this.secrets.values()].map((s) => s.arn);
  }

  // ---- dispatch --------------------------------------------------------------------------------

  async handle(operation: SecretsManagerOperation, rawInput: Input | undefined): Promise<Output> {
    const input = clone(rawInput ?? {});
    const call: SecretsManagerCall = { operation, input: clone(input), outcome: 'ok', applied: false };
    this.log.push(call);
    try {
      this.maybeThrottle(call);
      for (const hook of [...this.beforeHooks]) await hook(call);
      const output = this.apply(operation, input);
      call.applied = true;
      if (MUTATING_OPERATIONS.has(operation) || operation === 'GetSecretValue') this.generation += 1;
      for (const hook of [...this.afterHooks]) await hook(call, output);
      return { ...output, $metadata: metadata(200) };
    } catch (error) {
      call.outcome = error instanceof Error ? error.name : 'Error';
      throw error;
    }
  }

  private maybeThrottle(call: SecretsManagerCall): void {
    const t = this.throttling;
    if (!t || (t.operations && !t.operations.includes(call.operation))) return;
    t.seen += 1;
    const byCount = t.everyNth !== undefined && t.seen % t.everyNth === 0;
    const byRate = t.rate !== undefined && (t.random ?? Math.random)() < t.rate;
    if (byCount || byRate) throw throttlingException();
  }

  private apply(operation: SecretsManagerOperation, input: Input): Output {
    switch (operation) {
      case 'CreateSecret': return this.createSecret(input as unknown as CreateSecretCommandInput);
      case 'DescribeSecret': return this.describeSecret(input);
      case 'GetSecretValue': return this.getSecretValue(input as unknown as GetSecretValueCommandInput);
      case 'PutSecretValue': return this.putSecretValue(input as unknown as PutSecretValueCommandInput);
      case 'UpdateSecret': return this.updateSecret(input as unknown as UpdateSecretCommandInput);
      case 'UpdateSecretVersionStage': return this.updateSecretVersionStage(input as unknown as UpdateSecretVersionStageCommandInput);
      case 'RotateSecret': return this.rotateSecret(input as unknown as RotateSecretCommandInput);
      case 'CancelRotateSecret': return this.cancelRotateSecret(input);
      case 'ListSecrets': return this.listSecrets(input as unknown as ListSecretsCommandInput);
      case 'ListSecretVersionIds': return this.listSecretVersionIds(input as unknown as ListSecretVersionIdsCommandInput);
      case 'TagResource': return this.tagResource(input);
      case 'UntagResource': return this.untagResource(input);
      case 'GetResourcePolicy': return this.getResourcePolicy(input);
      case 'PutResourcePolicy': return this.putResourcePolicy(input);
      case 'DeleteResourcePolicy': return this.deleteResourcePolicy(input);
      case 'DeleteSecret': return this.deleteSecret(input as unknown as DeleteSecretCommandInput);
      case 'RestoreSecret': return this.restoreSecret(input);
    }
  }

  // ---- lookup ----------------------------------------------------------------------------------

  private findByName(name: string): StoredSecret | undefined {
    // byName follows every create and forced delete: a lookup is O(1), so seeding 500,000 secrets
    // (bench:inventory) is linear, not quadratic.
    return this.byName.get(name);
  }

  /** SecretId is the ARN, a partial ARN (without the 6-character suffix) or the name. */
  private find(secretId: unknown): StoredSecret | undefined {
    if (typeof secretId !== 'string' || secretId === '') return undefined;
    const byArn = this.secrets.get(secretId);
    if (byArn) return byArn;
    if (secretId.startsWith('arn:')) {
      const prefix = `arn:aws:secretsmanager:${this.region}:${this.account}:secret:`;
      return secretId.startsWith(prefix) ? this.findByName(secretId.slice(prefix.length)) : undefined;
    }
    return this.findByName(secretId);
  }

  private mustFind(secretId: unknown): StoredSecret {
    if (typeof secretId !== 'string' || secretId === '') throw invalidParameter('SecretId is required.');
    const secret = this.find(secretId);
    if (!secret) throw notFound();
    return secret;
  }

  /** Operations other than Describe/Restore/List refuse a secret scheduled for deletion. */
  private mustFindLive(secretId: unknown, action: string): StoredSecret {
    const secret = this.mustFind(secretId);
    if (secret.deletedDate) {
      throw invalidRequest(`You can't perform this operation on the secret because it was marked for deletion. (${action})`);
    }
    return secret;
  }

  private versionWithStage(secret: StoredSecret, stage: string): StoredVersion | undefined {
    for (const version of secret.versions.values()) if (version.stages.has(stage)) return version;
    return undefined;
  }

  private newSecret(name: string, createdDate: Date): StoredSecret {
    if (!NAME_PATTERN.test(name)) throw invalidParameter('Invalid name. Must be 1-512 characters of letters, digits and /_+=.@-');
    const suffix = [...randomBytes(6)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
    const secret: StoredSecret = {
      arn: `arn:aws:secretsmanager:${this.region}:${this.account}:secret:${name}-${suffix}`,
      name,
      tags: [],
      createdDate,
      lastChangedDate: createdDate,
      primaryRegion: this.region,
      replicationStatus: [],
      versions: new Map(),
      sequence: this.sequence++,
    };
    this.secrets.set(secret.arn, secret);
    this.byName.set(name, secret);
    this.generation += 1;
    return secret;
  }

  private addVersion(secret: StoredSecret, versionId: string, stages: readonly string[], secretString: string | undefined, secretBinary: Uint8Array | undefined, createdDate = this.clock()): StoredVersion {
    const version: StoredVersion = { versionId, stages: new Set(stages), secretString, secretBinary: secretBinary && new Uint8Array(secretBinary), createdDate, kmsKeyIds: [secret.kmsKeyId ?? 'DefaultEncryptionKey'] };
    secret.versions.set(versionId, version);
    if (version.stages.has(AWSCURRENT)) this.writtenCurrent.set(secret, versionId);
    return version;
  }

  /** Takes `stage` off whichever version holds it; AWSCURRENT leaving a version leaves AWSPREVIOUS behind. */
  private detachStage(secret: StoredSecret, stage: string, unless?: string): void {
    const holder = this.versionWithStage(secret, stage);
    if (!holder || holder.versionId === unless) return;
    holder.stages.delete(stage);
    if (stage === AWSCURRENT) {
      this.versionWithStage(secret, AWSPREVIOUS)?.stages.delete(AWSPREVIOUS);
      holder.stages.add(AWSPREVIOUS);
    }
  }

  /**
   * Attaches labels to a version, moving them off others (the PutSecretValue / CreateSecret rule);
   * `written`: a write of the version's value (not UpdateSecretVersionStage).
   */
  private attachStages(secret: StoredSecret, version: StoredVersion, stages: readonly string[], written = true): void {
    const movesCurrent = stages.includes(AWSCURRENT) && !version.stages.has(AWSCURRENT);
    if (written && stages.includes(AWSCURRENT)) this.writtenCurrent.set(secret, version.versionId);
    for (const stage of stages) this.detachStage(secret, stage, version.versionId);
    for (const stage of stages) version.stages.add(stage);
    if (movesCurrent) {
      version.stages.delete(AWSPREVIOUS);
      this.onCurrentMoved(secret, version);
    }
  }

  /** A rotation completes when AWSCURRENT reaches the version Secrets Manager staged as AWSPENDING. */
  private onCurrentMoved(secret: StoredSecret, version: StoredVersion): void {
    if (!version.stages.has(AWSPENDING)) return;
    const now = this.clock();
    secret.lastRotatedDate = now;
    const days = secret.rotationRules?.AutomaticallyAfterDays;
    if (secret.rotationEnabled && days) secret.nextRotationDate = new Date(now.getTime() + days * 86_400_000);
  }

  private touch(secret: StoredSecret): void {
    secret.lastChangedDate = this.clock();
  }

  private describeTags(secret: StoredSecret): Tag[] | undefined {
    return secret.tags.length > 0 ? secret.tags.map((t) => ({ ...t })) : undefined;
  }

  private versionsToStages(secret: StoredSecret): Record<string, string[]> {
    const map: Record<string, string[]> = {};
    for (const v of secret.versions.values()) if (v.stages.size > 0) map[v.versionId] = [...v.stages];
    return map;
  }

  private ids(secret: StoredSecret): { ARN: string; Name: string } {
    return { ARN: secret.arn, Name: secret.name };
  }

  /** The fields DescribeSecret and a ListSecrets entry share (both documented as the secret's metadata). */
  private metadata(s: StoredSecret) {
    return {
      ...this.ids(s),
      Description: s.description,
      KmsKeyId: s.kmsKeyId,
      RotationEnabled: s.rotationEnabled,
      RotationLambdaARN: s.rotationLambdaArn,
      RotationRules: s.rotationRules && clone(s.rotationRules),
      LastRotatedDate: s.lastRotatedDate,
      LastChangedDate: s.lastChangedDate,
      LastAccessedDate: s.lastAccessedDate,
      DeletedDate: s.deletedDate,
      NextRotationDate: s.nextRotationDate,
      Tags: this.describeTags(s),
      OwningService: s.owningService,
      CreatedDate: s.createdDate,
      PrimaryRegion: s.primaryRegion,
    };
  }

  // ---- operations ------------------------------------------------------------------------------

  private createSecret(input: CreateSecretCommandInput): Output {
    const name = input.Name;
    if (typeof name !== 'string') throw invalidParameter('Name is required.');
    const token = checkToken(input.ClientRequestToken) ?? randomUUID();
    if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
      throw invalidParameter('You can\'t specify both a binary secret value and a string secret value in the same secret.');
    }
    const existing = this.findByName(name);
    if (existing?.deletedDate) throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
    if (existing) {
      // CreateSecret is idempotent on ClientRequestToken when the value is the same.
      const version = existing.versions.get(token);
      if (version && version.secretString === input.SecretString && sameBytes(version.secretBinary, input.SecretBinary)) {
        return { ...this.ids(existing), VersionId: token };
      }
      throw exists(`The operation failed because the secret ${name} already exists.`);
    }
    const secret = this.newSecret(name, this.clock());
    secret.description = input.Description;
    secret.kmsKeyId = input.KmsKeyId;
    secret.tags = (input.Tags ?? []).map((t) => ({ ...t }));
    secret.replicationStatus = (input.AddReplicaRegions ?? []).map((r) => ({
      Region: r.Region, KmsKeyId: r.KmsKeyId ?? 'alias/aws/secretsmanager', Status: 'InSync', StatusMessage: 'Replication succeeded',
    }));
    let versionId: string | undefined;
    if (input.SecretString !== undefined || input.SecretBinary !== undefined) {
      this.addVersion(secret, token, [AWSCURRENT], input.SecretString, input.SecretBinary);
      versionId = token;
    }
    return { ...this.ids(secret), VersionId: versionId, ReplicationStatus: secret.replicationStatus.length ? clone(secret.replicationStatus) : undefined };
  }

  private describeSecret(input: Input): Output {
    const s = this.mustFind(input.SecretId);
    return {
      ...this.metadata(s),
      VersionIdsToStages: this.versionsToStages(s),
      ReplicationStatus: s.replicationStatus.length ? clone(s.replicationStatus) : undefined,
    };
  }

  private getSecretValue(input: GetSecretValueCommandInput): Output {
    const secret = this.mustFindLive(input.SecretId, 'GetSecretValue');
    let version: StoredVersion | undefined;
    if (input.VersionId !== undefined) {
      version = secret.versions.get(input.VersionId);
      if (!version) throw notFound(`Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}`);
      // With both, the stage must be attached to that version.
      if (input.VersionStage !== undefined && !version.stages.has(input.VersionStage)) {
        throw notFound(`Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId} and staging label: ${input.VersionStage}`);
      }
    } else if (input.VersionStage === undefined && this.unstagedRead === 'last-written') {
      const written = this.writtenCurrent.get(secret);
      version = (written === undefined ? undefined : secret.versions.get(written)) ?? this.versionWithStage(secret, AWSCURRENT);
      if (!version) throw notFound();
    } else {
      const stage = input.VersionStage ?? AWSCURRENT;
      version = this.versionWithStage(secret, stage);
      if (!version) throw notFound(`Secrets Manager can't find the specified secret value for staging label: ${stage}`);
    }
    // RotateSecret creates the AWSPENDING version without a value; reading it fails until PutSecretValue.
    if (!hasValue(version)) {
      throw notFound(`Secrets Manager can't find the specified secret value for VersionId: ${version.versionId}`);
    }
    const today = dateOnly(this.clock());
    secret.lastAccessedDate = today;
    version.lastAccessedDate = today;
    return {
      ...this.ids(secret),
      VersionId: version.versionId,
      SecretString: version.secretString,
      SecretBinary: version.secretBinary && new Uint8Array(version.secretBinary),
      VersionStages: [...version.stages],
      CreatedDate: version.createdDate,
    };
  }

  private putSecretValue(input: PutSecretValueCommandInput): Output {
    const secret = this.mustFindLive(input.SecretId, 'PutSecretValue');
    if ((input.SecretString === undefined) === (input.SecretBinary === undefined)) {
      throw invalidParameter('You must provide either SecretString or SecretBinary, but not both.');
    }
    const token = checkToken(input.ClientRequestToken) ?? randomUUID();
    const stages = input.VersionStages ?? [AWSCURRENT];
    const existing = secret.versions.get(token);
    if (existing && hasValue(existing)) {
      // Idempotent replay of the same request; a different value for an existing version is refused.
      if (existing.secretString === input.SecretString && sameBytes(existing.secretBinary, input.SecretBinary)) {
        return { ...this.ids(secret), VersionId: token, VersionStages: [...existing.stages] };
      }
      if (this.existingVersionWrite === 'refuse') throw exists('You can\'t modify an existing version, you can only create a new version.');
    }
    // A value-less version (RotateSecret's AWSPENDING) is filled in place and keeps its labels (so
    // does an overwritten one, with existingVersionWrite 'overwrite').
    const version = existing ?? this.addVersion(secret, token, [], undefined, undefined);
    version.secretString = input.SecretString;
    version.secretBinary = input.SecretBinary && new Uint8Array(input.SecretBinary);
    this.attachStages(secret, version, stages);
    this.touch(secret);
    return { ...this.ids(secret), VersionId: token, VersionStages: [...version.stages] };
  }

  private updateSecret(input: UpdateSecretCommandInput): Output {
    const secret = this.mustFindLive(input.SecretId, 'UpdateSecret');
    if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
      throw invalidParameter('You can\'t specify both a binary secret value and a string secret value in the same secret.');
    }
    if (input.Description !== undefined) secret.description = input.Description;
    if (input.KmsKeyId !== undefined) secret.kmsKeyId = input.KmsKeyId;
    let versionId: string | undefined;
    if (input.SecretString !== undefined || input.SecretBinary !== undefined) {
      const out = this.putSecretValue({ SecretId: secret.arn, ClientRequestToken: input.ClientRequestToken, SecretString: input.SecretString, SecretBinary: input.SecretBinary });
      versionId = out.VersionId as string;
    }
    this.touch(secret);
    return { ...this.ids(secret), VersionId: versionId };
  }

  private updateSecretVersionStage(input: UpdateSecretVersionStageCommandInput): Output {
    const secret = this.mustFindLive(input.SecretId, 'UpdateSecretVersionStage');
    const stage = input.VersionStage;
    if (typeof stage !== 'string' || stage === '') throw invalidParameter('VersionStage is required.');
    const { MoveToVersionId: moveTo, RemoveFromVersionId: removeFrom } = input;
    if (moveTo === undefined && removeFrom === undefined) throw invalidParameter('You must specify MoveToVersionId or RemoveFromVersionId.');
    const holder = this.versionWithStage(secret, stage);
    if (removeFrom !== undefined) {
      if (!secret.versions.has(removeFrom)) throw notFound(`Secrets Manager can't find the specified secret version: ${removeFrom}`);
      if (holder?.versionId !== removeFrom) {
        throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}. RemoveFromVersionId must name the version that currently has the label.`);
      }
    }
    if (moveTo === undefined) {
      // A secret always has an AWSCURRENT version: it can only be moved, never just removed.
      if (stage === AWSCURRENT) throw invalidParameter('You can\'t remove the staging label AWSCURRENT without moving it to another version (MoveToVersionId).');
      holder?.stages.delete(stage);
      this.touch(secret);
      return this.ids(secret);
    }
    const target = secret.versions.get(moveTo);
    if (!target) throw notFound(`Secrets Manager can't find the specified secret version: ${moveTo}`);
    if (holder && holder.versionId !== moveTo && removeFrom !== holder.versionId) {
      throw invalidParameter(`The staging label ${stage} is currently attached to version ${holder.versionId}. You must specify that version in RemoveFromVersionId.`);
    }
    if (holder?.versionId !== moveTo) this.attachStages(secret, target, [stage], false);
    this.touch(secret);
    return this.ids(secret);
  }

  private rotateSecret(input: RotateSecretCommandInput): Output {
    const secret = this.mustFindLive(input.SecretId, 'RotateSecret');
    const lambdaArn = input.RotationLambdaARN ?? secret.rotationLambdaArn;
    if (!lambdaArn) throw invalidRequest('No Lambda rotation function ARN is associated with this secret.');
    const token = checkToken(input.ClientRequestToken) ?? randomUUID();
    const pending = this.versionWithStage(secret, AWSPENDING);
    const pendingIsOpen = pending && !pending.stages.has(AWSCURRENT);
    if (pendingIsOpen && pending.versionId === token) {
      // Same request replayed: idempotent on ClientRequestToken.
      return { ARN: secret.arn, Name: secret.name, VersionId: token };
    }
    if (pendingIsOpen) {
      // Secrets Manager refuses to start a rotation while AWSPENDING sits on a version that is not AWSCURRENT.
      throw invalidRequest('A previous rotation isn\'t complete. That rotation will be reattempted.');
    }
    if (secret.versions.has(token)) throw exists(`A version with ClientRequestToken ${token} already exists.`);
    secret.rotationEnabled = true;
    secret.rotationLambdaArn = lambdaArn;
    if (input.RotationRules) secret.rotationRules = clone(input.RotationRules);
    this.touch(secret);
    if (input.RotateImmediately === false) {
      const days = secret.rotationRules?.AutomaticallyAfterDays;
      if (days) secret.nextRotationDate = new Date(this.clock().getTime() + days * 86_400_000);
      return { ...this.ids(secret) };
    }
    // AWSPENDING goes to a new, value-less version; the rotation function's createSecret fills it.
    pending?.stages.delete(AWSPENDING);
    this.addVersion(secret, token, [AWSPENDING], undefined, undefined);
    return { ...this.ids(secret), VersionId: token };
  }

  private cancelRotateSecret(input: Input): Output {
    const secret = this.mustFindLive(input.SecretId, 'CancelRotateSecret');
    secret.rotationEnabled = false;
    secret.nextRotationDate = undefined;
    this.touch(secret);
    return { ...this.ids(secret) };
  }

  private listSecrets(input: ListSecretsCommandInput): Output {
    const maxResults = input.MaxResults ?? 100;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw invalidParameter('MaxResults must be between 1 and 100.');
    const filters = input.Filters ?? [];
    for (const f of filters) {
      if (!f.Key || !FILTER_KEYS.has(f.Key)) throw invalidParameter(`Invalid filter key: ${String(f.Key)}`);
      if (!f.Values || f.Values.length < 1 || f.Values.length > 10) throw invalidParameter('A filter needs 1 to 10 values.');
      for (const v of f.Values) if (v.length > 512 || !FILTER_VALUE_PATTERN.test(v)) throw invalidParameter(`Invalid filter value: ${v}`);
    }
    const sortBy = this.listSort === 'honour' ? input.SortBy ?? 'created-date' : 'created-date';
    const order = this.listSort === 'honour' ? input.SortOrder ?? 'asc' : 'asc';
    const fingerprint = createHash('sha256').update(JSON.stringify([filters, input.IncludePlannedDeletion ?? false, sortBy, order])).digest('hex').slice(0, 16);
    const offset = this.decodeToken(input.NextToken, fingerprint);
    const key = (s: StoredSecret): string | number => {
      switch (sortBy) {
        case 'name': return s.name;
        case 'last-accessed-date': return s.lastAccessedDate?.getTime() ?? 0;
        case 'last-changed-date': return s.lastChangedDate?.getTime() ?? 0;
        default: return s.createdDate.getTime();
      }
    };
    const cached = this.cacheListings ? this.listings.get(fingerprint) : undefined;
    const matching = cached?.generation === this.generation ? cached.matching : [...this.secrets.values()]
      .filter((s) => input.IncludePlannedDeletion || !s.deletedDate)
      .filter((s) => filters.every((f) => this.matchesFilter(s, f)))
      .sort((a, b) => {
        const ka = key(a), kb = key(b);
        const cmp = ka < kb ? -1 : ka > kb ? 1 : a.sequence - b.sequence;
        return order === 'desc' ? -cmp : cmp;
      });
    if (this.cacheListings) this.listings.set(fingerprint, { generation: this.generation, matching });
    const page = matching.slice(offset, offset + maxResults);
    const next = offset + maxResults < matching.length ? this.encodeToken(offset + maxResults, fingerprint) : undefined;
    const SecretList: SecretListEntry[] = page.map((s) => ({ ...this.metadata(s), SecretVersionsToStages: this.versionsToStages(s) }));
    return { SecretList, NextToken: next };
  }

  /**
   * Documented semantics: every filter must match (AND); within one filter a secret matches when any
   * plain value matches, and no `!`-negated value does. Prefix match; description and `all` ignore
   * case. `all` splits the value into words and looks for each in every attribute.
   */
  private matchesFilter(secret: StoredSecret, filter: Filter): boolean {
    const values = filter.Values ?? [];
    const positives = values.filter((v) => !v.startsWith('!'));
    const negatives = values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
    const test = (value: string): boolean => {
      const prefix = (candidates: (string | undefined)[], ignoreCase = false) =>
        candidates.some((c) => c !== undefined && (ignoreCase ? c.toLowerCase().startsWith(value.toLowerCase()) : c.startsWith(value)));
      switch (filter.Key) {
        case 'name': return prefix([secret.name]);
        case 'description': return prefix([secret.description], true);
        case 'tag-key': return prefix(secret.tags.map((t) => t.Key));
        case 'tag-value': return prefix(secret.tags.map((t) => t.Value));
        case 'primary-region': return prefix([secret.primaryRegion]);
        case 'owning-service': return prefix([secret.owningService]);
        default: {
          const attributes = [secret.name, secret.description, secret.primaryRegion, secret.owningService, ...secret.tags.flatMap((t) => [t.Key, t.Value])]
            .filter((a): a is string => a !== undefined)
            .flatMap((a) => [a, ...a.split(/[\s/_.:@=+-]+/)])
            .map((a) => a.toLowerCase());
          const words = value.toLowerCase().split(/\s+/).filter(Boolean);
          return words.every((w) => attributes.some((a) => a.startsWith(w)));
        }
      }
    };
    return (positives.length === 0 || positives.some(test)) && !negatives.some(test);
  }

  private encodeToken(offset: number, fingerprint: string): string {
    return Buffer.from(JSON.stringify({ offset, fingerprint }), 'utf8').toString('base64url');
  }

  private decodeToken(token: string | undefined, fingerprint: string): number {
    if (token === undefined) return 0;
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: unknown; fingerprint: unknown };
      if (typeof parsed.offset === 'number' && parsed.fingerprint === fingerprint) return parsed.offset;
    } catch {
      // fall through
    }
    throw new InvalidNextTokenException({ message: 'The NextToken value is invalid.', $metadata: metadata(400) });
  }

  private listSecretVersionIds(input: ListSecretVersionIdsCommandInput): Output {
    const secret = this.mustFind(input.SecretId);
    const maxResults = input.MaxResults ?? 100;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw invalidParameter('MaxResults must be between 1 and 100.');
    const fingerprint = createHash('sha256').update(`${secret.arn}|${String(input.IncludeDeprecated ?? false)}`).digest('hex').slice(0, 16);
    const offset = this.decodeToken(input.NextToken, fingerprint);
    // Versions without any staging label are "deprecated" and hidden unless asked for.
    const all = [...secret.versions.values()].filter((v) => input.IncludeDeprecated || v.stages.size > 0);
    const page = all.slice(offset, offset + maxResults);
    return {
      ...this.ids(secret),
      Versions: page.map((v) => ({ VersionId: v.versionId, VersionStages: [...v.stages], LastAccessedDate: v.lastAccessedDate, CreatedDate: v.createdDate, KmsKeyIds: [...v.kmsKeyIds] })),
      NextToken: offset + maxResults < all.length ? this.encodeToken(offset + maxResults, fingerprint) : undefined,
    };
  }

  private tagResource(input: Input): Output {
    const secret = this.mustFindLive(input.SecretId, 'TagResource');
    const tags = (input.Tags ?? []) as Tag[];
    for (const tag of tags) {
      const found = secret.tags.find((t) => t.Key === tag.Key);
      if (found) found.Value = tag.Value;
      else secret.tags.push({ Key: tag.Key, Value: tag.Value });
    }
    if (secret.tags.length > 50) throw invalidParameter('A secret can have at most 50 tags.');
    this.touch(secret);
    return {};
  }

  private untagResource(input: Input): Output {
    const secret = this.mustFindLive(input.SecretId, 'UntagResource');
    const keys = (input.TagKeys ?? []) as string[];
    secret.tags = secret.tags.filter((t) => !keys.includes(t.Key ?? ''));
    this.touch(secret);
    return {};
  }

  private getResourcePolicy(input: Input): Output {
    const secret = this.mustFind(input.SecretId);
    return { ...this.ids(secret), ResourcePolicy: secret.resourcePolicy };
  }

  private putResourcePolicy(input: Input): Output {
    const secret = this.mustFindLive(input.SecretId, 'PutResourcePolicy');
    const policy = input.ResourcePolicy;
    if (typeof policy !== 'string') throw invalidParameter('ResourcePolicy is required.');
    try {
      JSON.parse(policy);
    } catch (cause) {
      throw Object.assign(invalidParameter('ResourcePolicy is not valid JSON.'), { cause });
    }
    secret.resourcePolicy = policy;
    this.touch(secret);
    return this.ids(secret);
  }

  private deleteResourcePolicy(input: Input): Output {
    const secret = this.mustFindLive(input.SecretId, 'DeleteResourcePolicy');
    secret.resourcePolicy = undefined;
    this.touch(secret);
    return this.ids(secret);
  }

  private deleteSecret(input: DeleteSecretCommandInput): Output {
    const secret = this.mustFind(input.SecretId);
    if (input.ForceDeleteWithoutRecovery && input.RecoveryWindowInDays !== undefined) {
      throw invalidParameter('You can\'t use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.');
    }
    const days = input.RecoveryWindowInDays ?? 30;
    if (!Number.isInteger(days) || days < 7 || days > 30) throw invalidParameter('RecoveryWindowInDays must be from 7 to 30.');
    if (secret.deletedDate && !input.ForceDeleteWithoutRecovery) throw invalidRequest('The secret is already scheduled for deletion.');
    const now = this.clock();
    if (input.ForceDeleteWithoutRecovery) {
      this.secrets.delete(secret.arn);
      this.byName.delete(secret.name);
      return { ...this.ids(secret), DeletionDate: now };
    }
    secret.deletedDate = now;
    return { ...this.ids(secret), DeletionDate: new Date(now.getTime() + days * 86_400_000) };
  }

  private restoreSecret(input: Input): Output {
    const secret = this.mustFind(input.SecretId);
    secret.deletedDate = undefined;
    this.touch(secret);
    return this.ids(secret);
  }
}

export interface InstalledSecretsManagerDouble {
  readonly double: SecretsManagerDouble;
  /** The aws-sdk-client-mock stub (every SecretsManagerClient instance routes to the double). */
  readonly mock: AwsClientStub<SecretsManagerClient>;
  /** A client whose calls reach the double (any `new SecretsManagerClient()` would too). */
  readonly client: SecretsManagerClient;
  restore(): void;
}

/**
 * Installs a fresh double behind `mockClient(SecretsManagerClient)`: every SecretsManagerClient
 * (including ones a handler builds at import) then talks to it. Call `restore()` in afterEach.
 */
export function installSecretsManagerDouble(options: SecretsManagerDoubleOptions = {}): InstalledSecretsManagerDouble {
  const double = new SecretsManagerDouble(options);
  const mock = mockClient(SecretsManagerClient);
  // An operation the double does not model must fail loudly, not resolve `undefined` as a bare mock would.
  mock.callsFake((input: Input) => {
    throw new Error(`SecretsManagerDouble: this command is not modelled (input keys: ${Object.keys(input ?? {}).join(', ')}); add it to test/support/secrets-manager-double.ts`);
  });
  for (const operation of SECRETS_MANAGER_OPERATIONS) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stub's command map is keyed per class
    mock.on(COMMANDS[operation] as any).callsFake((input: Input) => double.handle(operation, input));
  }
  const client = new SecretsManagerClient({ region: double.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { double, mock, client, restore: () => mock.restore() };
}
