// The generic four-step rotation that Secrets Manager drives: entry checks on every step, then
// createSecret / setSecret / testSecret through a strategy, and a finishSecret that also takes
// AWSPENDING off so the next rotation is not blocked.
// Contract: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
import { describeError, InputError } from '../../shared/errors';
import { redactText } from '../../shared/redact';
import { observeStep, type RotationLogger, type RotationMetrics, type StepObservation, type StepOutcome } from './observe';
import { STEPS, type Clock, type Random, type RotationEvent, type SecretDescription, type SecretsStore, type SecretVersion, type Step } from './ports';
import { RotationError, type RotationStrategy, type StepContext } from './strategy';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export interface RotationDeps {
  readonly store: SecretsStore;
  readonly strategy: RotationStrategy;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger?: RotationLogger;
  readonly metrics?: RotationMetrics;
}

export interface StepResult {
  readonly step: Step;
  readonly secretArn: string;
  /** 'already-done' when the step found its work done (a retry, or the token already AWSCURRENT). */
  readonly outcome: StepOutcome;
}

/** Keys of the AWS secret shapes that hold connection facts, not credentials; every other key is treated as secret. */
const PUBLIC_KEYS = new Set(['engine', 'host', 'port', 'dbname', 'username', 'ssl', 'masterarn', 'dbClusterIdentifier', 'dbInstanceIdentifier', 'proxyname']);

/** The secret parts of a SecretString: the whole text and every non-public JSON leaf. */
export function sensitiveParts(secretString: string): string[] {
  const parts = [secretString];
  try {
    const parsed: unknown = JSON.parse(secretString);
    const walk = (node: unknown, key?: string) => {
      if (typeof node === 'string' && !(key !== undefined && PUBLIC_KEYS.has(key))) parts.push(node);
      else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, Array.isArray(node) ? key : k);
    };
    walk(parsed);
  } catch {
    // Not JSON: the whole string is the secret.
  }
  return parts;
}

function field(event: Record<string, unknown>, name: keyof RotationEvent, required: boolean): string | undefined {
  const value = event[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new InputError(`event.${name}`, value === undefined ? 'is missing' : 'must be a non-empty string', 'invoke the function the way Secrets Manager does: { SecretId, ClientRequestToken, Step }');
  }
  return value;
}

/** Validates what Secrets Manager (or a person testing by hand) sent. */
function parseRotationEvent(raw: unknown): RotationEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('event', 'must be an object', 'send { SecretId, ClientRequestToken, Step }');
  }
  const event = raw as Record<string, unknown>;
  const SecretId = field(event, 'SecretId', true)!;
  const ClientRequestToken = field(event, 'ClientRequestToken', true)!;
  const step = field(event, 'Step', true)!;
  if (!(STEPS as readonly string[]).includes(step)) {
    throw new InputError('event.Step', `"${step.slice(0, 40)}" is not a rotation step`, `use one of ${STEPS.join(', ')}`);
  }
  const RotationToken = field(event, 'RotationToken', false);
  return { SecretId, ClientRequestToken, Step: step as Step, ...(RotationToken === undefined ? {} : { RotationToken }) };
}

function stepContext(event: RotationEvent, description: SecretDescription, deps: RotationDeps, sensitive: Set<string>, observation: StepObservation): StepContext {
  const { store } = deps;
  const arn = description.arn;
  const step = event.Step;
  const token = event.ClientRequestToken;
  const cache = new Map<string, Promise<SecretVersion | undefined>>();
  const fail = (message: string, cause?: unknown) => new RotationError(step, arn, message, cause === undefined ? undefined : { cause });
  const remember = (version: SecretVersion | undefined) => {
    if (version) for (const part of sensitiveParts(version.secretString)) sensitive.add(part);
    return version;
  };
  const once = (key: string, load: () => Promise<SecretVersion | undefined>) => {
    let loaded = cache.get(key);
    if (!loaded) {
      loaded = load().then(remember);
      cache.set(key, loaded);
    }
    return loaded;
  };
  return {
    event,
    step,
    secretArn: arn,
    token,
    description,
    store,
    clock: deps.clock,
    random: deps.random,
    async current() {
      const version = await once(AWSCURRENT, () => store.getValue(arn, { stage: AWSCURRENT }));
      if (!version) throw fail('the secret has no readable AWSCURRENT value; restore a current version before rotating');
      return version;
    },
    pending: () => once(AWSPENDING, () => store.getValue(arn, { versionId: token, stage: AWSPENDING })),
    previous: () => once(AWSPREVIOUS, () => store.getValue(arn, { stage: AWSPREVIOUS })),
    async otherSecret(secretId: string) {
      const version = await once(`other:${secretId}`, () => store.getValue(secretId, { stage: AWSCURRENT }));
      if (!version) throw fail(`cannot read AWSCURRENT of ${secretId}; check that it exists and that the function may read it`);
      return version;
    },
    otherSecretAt: (secretId: string, stage: string) => once(stage === AWSCURRENT ? `other:${secretId}` : `other:${secretId}:${stage}`, () => store.getValue(secretId, { stage })),
    note(name: string, value: string) {
      observation.details = { ...observation.details, [name]: redactText(value, [...sensitive]) };
    },
    addSensitive(...values: readonly string[]) {
      for (const value of values) for (const part of sensitiveParts(value)) sensitive.add(part);
    },
    fail,
  };
}

async function finishSecret(ctx: StepContext, strategy: RotationStrategy): Promise<StepOutcome> {
  const { store, secretArn, token, description } = ctx;
  // Only a tested value becomes AWSCURRENT: Secrets Manager never calls finishSecret out of order,
  // but a person replaying events by hand can. Nothing moves when the test fails.
  if (!(await ctx.pending())) throw ctx.fail(`version ${token} (AWSPENDING) has no value; run createSecret, setSecret and testSecret before finishSecret`);
  await strategy.testSecret(ctx);
  const currentVersion = Object.entries(description.versions).find(([id, stages]) => id !== token && stages.includes(AWSCURRENT))?.[0];
  // UpdateSecretVersionStage refuses to move a label that sits on another version unless
  // RemoveFromVersionId names that version; the version AWSCURRENT leaves gets AWSPREVIOUS.
  await store.moveStage(secretArn, AWSCURRENT, token, currentVersion);
  await store.moveStage(secretArn, AWSPENDING, undefined, token);
  return 'completed';
}

async function runStep(event: RotationEvent, deps: RotationDeps, observation: StepObservation, sensitive: Set<string>): Promise<StepResult> {
  const { store, strategy } = deps;
  const step = event.Step;
  const token = event.ClientRequestToken;
  let description: SecretDescription;
  try {
    description = await store.describe(event.SecretId);
  } catch (cause) {
    throw new RotationError(step, event.SecretId, `cannot describe the secret: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const arn = description.arn;
  observation.secretArn = arn;
  const done = (outcome: StepOutcome): StepResult => ({ step, secretArn: arn, outcome });

  if (!description.rotationEnabled) {
    throw new RotationError(step, arn, 'rotation is not enabled on the secret; enable it (RotateSecret with a rotation function) before rotating');
  }
  // Own properties only: a token such as `__proto__` or `constructor` must not find Object.prototype's members.
  const stages = Object.hasOwn(description.versions, token) ? description.versions[token] : undefined;
  if (!Array.isArray(stages)) {
    throw new RotationError(
      step,
      arn,
      `event.ClientRequestToken: version ${JSON.stringify(token.slice(0, 64))} is not a version of the secret; the event's ClientRequestToken must be the VersionId RotateSecret staged AWSPENDING`,
    );
  }
  if (stages.includes(AWSCURRENT)) {
    // A retried finishSecret that crashed between its two calls still has to take AWSPENDING off.
    if (step === 'finishSecret' && stages.includes(AWSPENDING)) {
      await store.moveStage(arn, AWSPENDING, undefined, token);
      return done('completed');
    }
    return done('already-done');
  }
  if (!stages.includes(AWSPENDING)) {
    throw new RotationError(step, arn, `version ${token} is not staged as AWSPENDING; start a new rotation (RotateSecret) instead of replaying an old one`);
  }

  const ctx = stepContext(event, description, deps, sensitive, observation);
  switch (step) {
    case 'createSecret': {
      // Read before writing, as AWS's own rotation functions do: a retried createSecret must not
      // depend on PutSecretValue refusing to overwrite (moto and LocalStack overwrite), or the
      // database could end up holding a password no stored version has.
      if (await ctx.pending()) return done('already-done');
      const secretString = await strategy.createSecret(ctx);
      ctx.addSensitive(secretString);
      const stored = await store.putPending(arn, token, secretString, event.RotationToken);
      return done(stored === 'created' ? 'completed' : 'already-done');
    }
    case 'setSecret':
      await strategy.setSecret(ctx);
      return done('completed');
    case 'testSecret':
      await strategy.testSecret(ctx);
      return done('completed');
    case 'finishSecret':
      return done(await finishSecret(ctx, strategy));
  }
}

/**
 * Runs one step of a rotation. Every error leaves as a RotationError naming the step and the
 * secret (or an InputError for a malformed event), with any known secret value masked.
 */
export async function rotate(rawEvent: unknown, deps: RotationDeps): Promise<StepResult> {
  const sensitive = new Set<string>();
  const redact = (text: string) => redactText(text, [...sensitive]);
  const raw = (rawEvent ?? {}) as Record<string, unknown>;
  const observation: StepObservation = {
    strategy: deps.strategy.name,
    step: typeof raw.Step === 'string' ? raw.Step.slice(0, 40) : undefined,
    secretId: typeof raw.SecretId === 'string' ? raw.SecretId : undefined,
    clientRequestToken: typeof raw.ClientRequestToken === 'string' ? raw.ClientRequestToken.slice(0, 64) : undefined,
    redact,
  };
  return observeStep(observation, deps, async () => {
    const event = parseRotationEvent(rawEvent);
    try {
      return await runStep(event, deps, observation, sensitive);
    } catch (error) {
      throw safeError(error, event.Step, observation.secretArn ?? event.SecretId, redact);
    }
  });
}

/** The error to rethrow: the original when it is clean, else a copy with known values masked and no cause. */
function safeError(error: unknown, step: Step, secretArn: string, redact: (text: string) => string): Error {
  const full = describeError(error);
  const masked = redact(full);
  if (masked !== full) return new RotationError(step, secretArn, `${masked} [a secret value was masked; cause dropped]`);
  if (error instanceof RotationError) return error;
  if (error instanceof Error) return new RotationError(step, secretArn, error.message, { cause: error });
  return new RotationError(step, secretArn, String(error));
}
