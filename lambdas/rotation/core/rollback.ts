// Rollback: make AWSPREVIOUS current again AND make the database accept it. It runs inside the
// rotation function (where the database is reachable) as an action of its own, with its own event
// shape (`{ action: "warden:rollback", secretId, force?, dryRun? }`) that a Secrets Manager rotation
// event ({ SecretId, ClientRequestToken, Step }) can never take; only the environment's admin role
// may invoke the function directly. `warden rollback` sends it.
//
// Crash safety (docs/architecture.md, invariant 2): the database is changed first (one atomic
// ALTER ROLE, after which the rolled-back-to version logs in), the login is tested, and only then
// labels move: the marker label on the version rolled away from, then AWSCURRENT (AWSPREVIOUS
// follows it). At every instant some stored version logs in, and running rollback again finishes
// the job. Idempotent: once done, AWSPREVIOUS carries the marker and a second run changes nothing.
import { InputError, WardenError } from '../../shared/errors';
import { redactText } from '../../shared/redact';
import type { RotationLogger } from './observe';
import type { SecretsStore, SecretVersion } from './ports';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, sensitiveParts } from './rotate';

export const ROLLBACK_ACTION = 'warden:rollback';
/** Staging label on the version a rollback moved away from: a second rollback finds it on AWSPREVIOUS and stops. */
export const ROLLED_BACK_LABEL = 'WARDEN_ROLLED_BACK';

export interface RollbackEvent {
  readonly action: typeof ROLLBACK_ACTION;
  readonly secretId: string;
  /** Roll back although a rotation is in progress (AWSPENDING on a version that is not current); takes AWSPENDING off. */
  readonly force: boolean;
  /** Report what would happen; change nothing. */
  readonly dryRun: boolean;
}

const EVENT_KEYS = new Set(['action', 'secretId', 'force', 'dryRun']);

/** True for an event meant for the rollback action (rotation events never carry `action`). */
export function isRollbackEvent(raw: unknown): boolean {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && (raw as Record<string, unknown>).action === ROLLBACK_ACTION;
}

/** Strict: only the rollback keys; an event mixing in rotation keys is refused, never run as either. */
export function parseRollbackEvent(raw: unknown): RollbackEvent {
  const fix = `send { "action": "${ROLLBACK_ACTION}", "secretId": "<name or ARN>", "force": false, "dryRun": false } (npx warden rollback does)`;
  if (!isRollbackEvent(raw)) throw new InputError('event.action', `must be "${ROLLBACK_ACTION}"`, fix);
  const event = raw as Record<string, unknown>;
  const unknown = Object.keys(event).filter((key) => !EVENT_KEYS.has(key));
  if (unknown.length > 0) throw new InputError(`event.${unknown[0]}`, 'is not a field of the rollback action (a rotation event is never a rollback)', fix);
  if (typeof event.secretId !== 'string' || event.secretId === '' || event.secretId.length > 2048) throw new InputError('event.secretId', 'must be a secret name or ARN', fix);
  for (const key of ['force', 'dryRun'] as const) {
    if (event[key] !== undefined && typeof event[key] !== 'boolean') throw new InputError(`event.${key}`, 'must be true or false', fix);
  }
  return { action: ROLLBACK_ACTION, secretId: event.secretId, force: event.force === true, dryRun: event.dryRun === true };
}

/** Names the secret and what stopped the rollback; never holds a value. */
export class RollbackError extends WardenError {
  constructor(
    readonly secretArn: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`rollback: ${message} (secret ${secretArn})`, options);
  }
}

/** What the database part sees: the three versions' values and the master lookup. */
export interface RestoreContext {
  readonly secretArn: string;
  /** The version to roll back to (AWSPREVIOUS). */
  readonly target: SecretVersion;
  readonly current: SecretVersion;
  /** The in-progress rotation's value, when --force and it has one (its password may be the one the database holds). */
  readonly pending?: SecretVersion;
  otherSecret(secretId: string): Promise<SecretVersion>;
  addSensitive(...values: readonly string[]): void;
  fail(message: string, cause?: unknown): RollbackError;
}

/** The database side of a kind of secret (PostgreSQL); random and external secrets have none. */
export interface DatabaseRollback {
  /** Makes `target` log in (idempotent): 'already-accepted' when it did, 'restored' after changing the database. */
  restore(ctx: RestoreContext): Promise<'already-accepted' | 'restored'>;
  /** Proves `target` logs in; changes nothing. */
  test(ctx: RestoreContext): Promise<void>;
}

export interface RollbackDeps {
  readonly store: SecretsStore;
  readonly database?: DatabaseRollback;
  readonly logger?: RotationLogger;
}

export interface RollbackResult {
  readonly outcome: 'rolled-back' | 'already-done' | 'dry-run';
  readonly secretArn: string;
  /** The version that was (or would be) AWSCURRENT before. */
  readonly fromVersionId: string;
  /** The version that is (or would be) AWSCURRENT after. */
  readonly toVersionId: string;
  readonly database: 'restored' | 'already-accepted' | 'none' | 'not-checked';
  /** AWSPENDING taken off an in-progress rotation (--force). */
  readonly pendingRemoved: string | null;
}

const stageHolder = (versions: Readonly<Record<string, readonly string[]>>, stage: string) => Object.entries(versions).find(([, stages]) => stages.includes(stage))?.[0];

export async function rollback(rawEvent: unknown, deps: RollbackDeps): Promise<RollbackResult> {
  const event = parseRollbackEvent(rawEvent);
  const { store, database, logger } = deps;
  const sensitive = new Set<string>();
  const description = await store.describe(event.secretId);
  const arn = description.arn;
  const fail = (message: string, cause?: unknown) => new RollbackError(arn, message, cause === undefined ? undefined : { cause });
  const log = (result: RollbackResult) => {
    logger?.info('rollback', { ...result, action: ROLLBACK_ACTION });
    return result;
  };
  try {
    const versions = description.versions;
    const current = stageHolder(versions, AWSCURRENT);
    const previous = stageHolder(versions, AWSPREVIOUS);
    if (!current) throw fail('the secret has no AWSCURRENT version; restore one before rolling back');
    if (!previous) throw fail('there is no AWSPREVIOUS version to roll back to (the secret was never rotated, or its previous version was removed)');
    if (versions[previous]!.includes(ROLLED_BACK_LABEL)) {
      // Done before: AWSPREVIOUS is the version this rollback moved away from.
      return log({ outcome: 'already-done', secretArn: arn, fromVersionId: previous, toVersionId: current, database: 'not-checked', pendingRemoved: null });
    }
    const pendingId = Object.entries(versions).find(([, stages]) => stages.includes(AWSPENDING) && !stages.includes(AWSCURRENT))?.[0];
    if (pendingId && !event.force) {
      throw fail(`a rotation is in progress (AWSPENDING on version ${pendingId}); let it finish or fail, or roll back with --force to abandon it`);
    }
    const read = async (selector: { stage: string } | { versionId: string }, what: string) => {
      const version = await store.getValue(arn, selector);
      if (!version) throw fail(`cannot read ${what}`);
      for (const part of sensitiveParts(version.secretString)) sensitive.add(part);
      return version;
    };
    const target = await read({ versionId: previous }, `AWSPREVIOUS (version ${previous})`);
    const currentValue = await read({ versionId: current }, `AWSCURRENT (version ${current})`);
    const pending = pendingId ? await store.getValue(arn, { versionId: pendingId }) : undefined;
    if (pending) for (const part of sensitiveParts(pending.secretString)) sensitive.add(part);
    const ctx: RestoreContext = {
      secretArn: arn,
      target,
      current: currentValue,
      pending,
      otherSecret: async (secretId) => {
        const version = await store.getValue(secretId, { stage: AWSCURRENT });
        if (!version) throw fail(`cannot read AWSCURRENT of ${secretId}`);
        for (const part of sensitiveParts(version.secretString)) sensitive.add(part);
        return version;
      },
      addSensitive: (...values) => values.forEach((v) => sensitive.add(v)),
      fail,
    };
    if (event.dryRun) {
      return log({ outcome: 'dry-run', secretArn: arn, fromVersionId: current, toVersionId: previous, database: database ? 'not-checked' : 'none', pendingRemoved: pendingId ?? null });
    }
    // 1. The database accepts the version rolled back to; 2. prove it; only then 3. labels move.
    const databaseOutcome = database ? await database.restore(ctx) : 'none';
    if (database) await database.test(ctx);
    if (pendingId) await store.moveStage(arn, AWSPENDING, undefined, pendingId);
    const markerHolder = stageHolder(versions, ROLLED_BACK_LABEL);
    if (markerHolder !== current) await store.moveStage(arn, ROLLED_BACK_LABEL, current, markerHolder);
    // Secrets Manager moves AWSPREVIOUS to the version AWSCURRENT leaves.
    await store.moveStage(arn, AWSCURRENT, previous, current);
    return log({ outcome: 'rolled-back', secretArn: arn, fromVersionId: current, toVersionId: previous, database: databaseOutcome, pendingRemoved: pendingId ?? null });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const masked = redactText(message, [...sensitive]);
    logger?.error('rollback', { action: ROLLBACK_ACTION, secretArn: arn, outcome: 'failed', error: masked });
    if (masked !== message) throw new RollbackError(arn, `${masked} [a secret value was masked; cause dropped]`);
    if (error instanceof RollbackError) throw error;
    throw new RollbackError(arn, message, { cause: error });
  }
}
