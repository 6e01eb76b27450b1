// createSecrets(): the cache in front of the sources. A hit is one Map lookup and one clock read;
// everything else (change checks, fetches, stale-if-error, eviction, listeners, audit) is off
// that path. Times are epoch milliseconds from the injected clock.
//
// Freshness: a value is served without asking its source only while the source confirmed it less
// than `freshness` ago (counted from when the confirming request was sent). From `checkAt` (a
// little earlier) a read starts the check in the background and is served at once; past the
// bound, reads wait for it. So a read never returns a value its source replaced more than
// `freshness` before, however rarely the key is read, and nothing runs for a key nobody reads:
// there are no timers. When the TTL is within the bound, the TTL's own fetch is the check (no
// DescribeSecret at all).
import { describeError } from '../contract/errors';
import { SecretNotFoundError, SecretShapeError, SecretsConfigError } from './errors';
import { checkEnvironment, looksLikeProduction, NameResolver } from './names';
import { SecretValue } from './secret-value';
import { AWSCURRENT, AWSPENDING, buildSources, type ChangeCheck, type Fetched, type Source, type SourceOptions, type Target } from './sources';

export interface SecretsLogger {
  warn(message: string, details: Readonly<Record<string, unknown>>): void;
}

/** One access, as the audit hook sees it: never the value. */
export interface AccessEvent {
  readonly name: string;
  readonly secretId: string;
  readonly stage?: string;
  readonly versionId: string;
  readonly source: string;
  /** True when served from the cache without waiting for a source. */
  readonly hit: boolean;
  /** True when served after a failed refresh (stale-if-error). */
  readonly stale: boolean;
  /** What the caller passed as `context` (request id, user, ...). */
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface SecretsOptions {
  /** The catalog environment this code runs in: names are read as `<environment>/<name>`. */
  readonly environment: string;
  /** Marks the environment as production (environment variables refused). Default: true for prod, production, prod-*. */
  readonly production?: boolean;
  /** The catalog's environment names: a name starting with one is refused. Default: common names (dev, staging, prod, ...). */
  readonly environments?: readonly string[];
  /** Asked in order; the first that has the secret answers. Default: Secrets Manager. */
  readonly sources?: readonly (SourceOptions | Source)[];
  /** Longest a value is served without the source confirming it (ms). Default 300,000 (5 min). */
  readonly ttl?: number;
  /**
   * Longest a read may return a value after its source replaced it (ms), for sources with a change
   * check (Secrets Manager, files, env): past it, a read waits for the check. Default 5,000.
   */
  readonly freshness?: number;
  /** When a value in use gets its change check, in the background (ms). Default 90% of `freshness`. */
  readonly checkInterval?: number;
  /** Fraction in [0, 0.5] taken off each TTL and check interval at random, so instances spread their calls. Default 0.1. */
  readonly jitter?: number;
  /** Bound on cached entries; the least recently fetched goes first. Default 1,000. */
  readonly maxEntries?: number;
  /** Oldest a last good value may be (since last confirmed) to be served when a refresh fails (ms). Default 900,000 (15 min). */
  readonly maxStale?: number;
  /** Wait before trying a failed source again while serving stale (ms). Default 1,000. */
  readonly errorBackoff?: number;
  readonly clock?: () => number;
  readonly random?: () => number;
  /** Where stale-if-error and listener failures are told. Default: a JSON line on console.warn. */
  readonly logger?: SecretsLogger;
  /** Called on every access with name, version, source and hit or miss; never the value. */
  readonly audit?: (event: AccessEvent) => void;
}

export interface ReadOptions {
  /** A version stage (default AWSCURRENT). */
  readonly stage?: string;
  /** A version id (pins the value: no change checks). */
  readonly versionId?: string;
  /** Passed to the audit hook as the caller's context. */
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface WithSecretOptions extends ReadOptions {
  /** True for an error meaning the credentials were refused (e.g. PostgreSQL 28P01). */
  readonly isAuthError: (error: unknown) => boolean;
}

export type ChangeListener = (value: SecretValue, previousVersionId: string) => void;

export interface Secrets {
  readonly environment: string;
  readonly production: boolean;
  get(name: string, options?: ReadOptions): Promise<SecretValue>;
  json<T = unknown>(name: string, options?: ReadOptions): Promise<SecretValue<T>>;
  field(name: string, key: string, options?: ReadOptions): Promise<SecretValue>;
  /** Fetches now, skipping the cache (failures are thrown, not served stale). */
  refresh(name: string, options?: ReadOptions): Promise<SecretValue>;
  /** Called with the new value whenever a fetch finds another version; returns an unsubscribe function. */
  onChange(name: string, listener: ChangeListener, options?: Pick<ReadOptions, 'stage' | 'versionId'>): () => void;
  /** Runs fn with the value; when fn fails with an authentication error, gets fresher credentials once and runs it again. */
  withSecret<R>(name: string, fn: (value: SecretValue) => R | Promise<R>, options: WithSecretOptions): Promise<R>;
  /**
   * Credentials to try after `failed` was refused: the refreshed AWSCURRENT when it moved, else
   * AWSPENDING when a rotation has set it (single-user rotation changes the password in setSecret,
   * before finishSecret moves AWSCURRENT), else the refreshed value.
   */
  afterAuthFailure(name: string, failed: SecretValue, options?: ReadOptions): Promise<SecretValue>;
}

interface Entry {
  readonly key: string;
  readonly target: Target;
  readonly source: Source;
  readonly fetched: Fetched;
  readonly value: SecretValue;
  json?: SecretValue<unknown>;
  fields?: Map<string, SecretValue>;
  /** When the request that last confirmed the value was sent. */
  confirmedAt: number;
  /** From here a read starts a check (or fetch) in the background and is served meanwhile. */
  checkAt: number;
  /** From here a read waits for the check: the freshness bound (or the TTL where no check can tell). */
  freshUntil: number;
  expiresAt: number;
  stale: boolean;
}

interface Keyed extends Target {
  readonly key: string;
}

function positive(field: string, value: number | undefined, fallback: number, fix: string): number {
  const chosen = value ?? fallback;
  if (typeof chosen !== 'number' || !Number.isFinite(chosen) || chosen <= 0) {
    throw new SecretsConfigError(field, `${String(value)} is not a positive number`, fix);
  }
  return chosen;
}

const consoleLogger: SecretsLogger = {
  warn: (message, details) => console.warn(JSON.stringify({ level: 'WARN', service: 'secrets-warden-client', message, ...details })),
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function createSecrets(options: SecretsOptions): Secrets {
  return new SecretsCache(options);
}

class SecretsCache implements Secrets {
  readonly environment: string;
  readonly production: boolean;
  private readonly names: NameResolver;
  private readonly sources: readonly Source[];
  private readonly ttl: number;
  private readonly freshness: number;
  private readonly checkInterval: number;
  private readonly jitter: number;
  private readonly maxEntries: number;
  private readonly maxStale: number;
  private readonly errorBackoff: number;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly logger: SecretsLogger;
  private readonly audit?: (event: AccessEvent) => void;
  private readonly entries = new Map<string, Entry>();
  /** Catalog name -> its AWSCURRENT target, so a hit does not re-validate the name. */
  private readonly currentTargets = new Map<string, Keyed>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly refreshing = new Map<string, Promise<Entry>>();
  private readonly listeners = new Map<string, Set<ChangeListener>>();

  constructor(options: SecretsOptions) {
    if (options === null || typeof options !== 'object') {
      throw new SecretsConfigError('options', 'is missing', 'call createSecrets({ environment: "prod" })');
    }
    this.environment = checkEnvironment(options.environment);
    this.production = options.production ?? looksLikeProduction(this.environment);
    this.names = new NameResolver(this.environment, options.environments);
    this.sources = buildSources(options.sources ?? [{ kind: 'secrets-manager' }], this.production);
    this.ttl = positive('ttl', options.ttl, 300_000, 'give milliseconds, e.g. 300000 for five minutes');
    this.freshness = positive('freshness', options.freshness, 5_000, 'give milliseconds, e.g. 5000 for five seconds');
    this.checkInterval = Math.min(this.freshness, positive('checkInterval', options.checkInterval, this.freshness * 0.9, 'give milliseconds under freshness, e.g. 4500'));
    this.maxEntries = positive('maxEntries', options.maxEntries, 1_000, 'give a whole number, e.g. 1000');
    this.maxStale = positive('maxStale', options.maxStale, 900_000, 'give milliseconds, e.g. 900000 for fifteen minutes');
    this.errorBackoff = positive('errorBackoff', options.errorBackoff, 1_000, 'give milliseconds, e.g. 1000');
    const jitter = options.jitter ?? 0.1;
    if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 0.5)) {
      throw new SecretsConfigError('jitter', `${String(options.jitter)} is outside [0, 0.5]`, 'give a fraction, e.g. 0.1');
    }
    this.jitter = jitter;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? consoleLogger;
    this.audit = options.audit;
  }

  // ---- reads ---------------------------------------------------------------------------------

  async get(name: string, options?: ReadOptions): Promise<SecretValue> {
    return (await this.entry(name, options)).value;
  }

  async json<T = unknown>(name: string, options?: ReadOptions): Promise<SecretValue<T>> {
    return this.parsed(await this.entry(name, options)) as SecretValue<T>;
  }

  async field(name: string, key: string, options?: ReadOptions): Promise<SecretValue> {
    const entry = await this.entry(name, options);
    let value = entry.fields?.get(key);
    if (value === undefined) {
      const object = this.parsed(entry).reveal();
      const raw = object !== null && typeof object === 'object' && !Array.isArray(object) && Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        throw new SecretShapeError(entry.target.id, `has no text field "${key}"`, 'check the key against the secret\'s JSON structure (e.g. "password" for a database secret)');
      }
      value = new SecretValue(`${entry.target.name}#${key}`, entry.fetched.versionId, String(raw));
      (entry.fields ??= new Map()).set(key, value);
    }
    return value;
  }

  async refresh(name: string, options?: ReadOptions): Promise<SecretValue> {
    const target = this.target(name, options);
    const entry = await this.load(target, true);
    this.report(entry, false, options?.context);
    return entry.value;
  }

  onChange(name: string, listener: ChangeListener, options?: Pick<ReadOptions, 'stage' | 'versionId'>): () => void {
    const { key } = this.target(name, options);
    let set = this.listeners.get(key);
    if (set === undefined) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  async withSecret<R>(name: string, fn: (value: SecretValue) => R | Promise<R>, options: WithSecretOptions): Promise<R> {
    if (typeof options?.isAuthError !== 'function') {
      throw new SecretsConfigError('withSecret options.isAuthError', 'is missing', 'pass a function that recognises a refused login, e.g. isInvalidPassword from secrets-warden/client/pg (PostgreSQL\'s 28P01 and pgbouncer\'s refusal)');
    }
    const value = await this.get(name, options);
    try {
      return await fn(value);
    } catch (error) {
      if (!options.isAuthError(error)) throw error;
      return fn(await this.afterAuthFailure(name, value, options));
    }
  }

  async afterAuthFailure(name: string, failed: SecretValue, options?: ReadOptions): Promise<SecretValue> {
    const refreshed = await this.refresh(name, options);
    if (refreshed.versionId !== failed.versionId || (options?.stage ?? AWSCURRENT) !== AWSCURRENT || options?.versionId !== undefined) return refreshed;
    try {
      const pending = await this.refresh(name, { ...options, stage: AWSPENDING });
      return pending.versionId === failed.versionId ? refreshed : pending;
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
      // No AWSPENDING: no rotation in progress, a source without stages, or finishSecret ran
      // between the two reads (then AWSCURRENT has moved since the first).
      return this.refresh(name, options);
    }
  }

  // ---- the cache -----------------------------------------------------------------------------

  private async entry(name: string, options: ReadOptions | undefined): Promise<Entry> {
    const target = options === undefined || (options.stage === undefined && options.versionId === undefined)
      ? (this.currentTargets.get(name) ?? this.currentTarget(name))
      : this.target(name, options);
    const entry = this.entries.get(target.key);
    const now = this.clock();
    if (entry !== undefined && now < entry.checkAt) {
      if (this.audit !== undefined) this.report(entry, true, options?.context);
      return entry;
    }
    return this.miss(target, entry, now, options?.context);
  }

  private async miss(target: Keyed, entry: Entry | undefined, now: number, context: ReadOptions['context']): Promise<Entry> {
    if (entry !== undefined && now < entry.freshUntil) {
      // Due for a change check but still within the bound: serve it and check in the background
      // (once: readers arriving while the check runs only read the map).
      if (!this.loading.has(target.key)) this.load(target, false).catch(() => undefined);
      this.report(entry, true, context);
      return entry;
    }
    const loaded = await this.load(target, false);
    this.report(loaded, false, context);
    return loaded;
  }

  private target(name: string, options?: Pick<ReadOptions, 'stage' | 'versionId'>): Keyed {
    if (options?.stage === undefined && options?.versionId === undefined) return this.currentTargets.get(name) ?? this.currentTarget(name);
    const id = this.names.resolve(name);
    for (const [field, value] of [['stage', options.stage], ['versionId', options.versionId]] as const) {
      if (value !== undefined && (typeof value !== 'string' || value === '' || value.length > 256)) {
        throw new SecretsConfigError(field, 'must be a non-empty string of at most 256 characters', field === 'stage' ? 'use a staging label such as AWSCURRENT, AWSPREVIOUS or AWSPENDING' : 'use a VersionId as DescribeSecret lists it');
      }
    }
    const { stage, versionId } = options;
    return { id, name, key: `${id}\u0000${stage ?? AWSCURRENT}\u0000${versionId ?? ''}`, ...(stage === undefined ? {} : { stage }), ...(versionId === undefined ? {} : { versionId }) };
  }

  private currentTarget(name: string): Keyed {
    const id = this.names.resolve(name);
    const target = { id, name, key: `${id}\u0000${AWSCURRENT}\u0000` };
    if (this.currentTargets.size >= this.maxEntries) this.currentTargets.clear();
    this.currentTargets.set(name, target);
    return target;
  }

  /** One load per key at a time: concurrent misses share it; a forced refresh has its own lane. */
  private load(target: Keyed, force: boolean): Promise<Entry> {
    const lane = force ? this.refreshing : this.loading;
    let pending = lane.get(target.key);
    if (pending === undefined) {
      pending = this.revalidate(target, force).finally(() => lane.delete(target.key));
      lane.set(target.key, pending);
    }
    return pending;
  }

  private async revalidate(target: Keyed, force: boolean): Promise<Entry> {
    const previous = this.entries.get(target.key);
    // What the source answers reflects it at some point after this: the bound counts from here.
    const sentAt = this.clock();
    try {
      if (!force && previous !== undefined && this.checked(previous.source)) {
        const check = await this.check(target, previous);
        if (check.changed === false) return this.confirm(previous, sentAt);
        const now = this.clock();
        if (check.changed === undefined && now < previous.expiresAt) {
          // The source cannot tell: the TTL (or the next scheduled rotation) decides.
          if (check.nextRotation !== undefined && check.nextRotation > now) previous.expiresAt = Math.min(previous.expiresAt, check.nextRotation);
          previous.checkAt = previous.freshUntil = previous.expiresAt;
          return previous;
        }
      }
      const [source, fetched] = await this.fetch(target);
      return this.store(target, source, fetched, previous, sentAt, this.clock() - sentAt);
    } catch (error) {
      const now = this.clock();
      if (force || previous === undefined || now - previous.confirmedAt > this.maxStale) throw error;
      // Stale-if-error suspends the bound (said in the log line): readers are served, not held.
      previous.stale = true;
      previous.checkAt = now + this.jittered(this.errorBackoff);
      previous.expiresAt = previous.freshUntil = Math.max(previous.expiresAt, previous.checkAt);
      this.logger.warn('serving the last good value of a secret because its refresh failed', {
        secretId: target.id,
        stage: target.stage ?? AWSCURRENT,
        versionId: previous.fetched.versionId,
        source: previous.source.kind,
        ageSeconds: Math.round((now - previous.confirmedAt) / 1000),
        maxStaleSeconds: Math.round(this.maxStale / 1000),
        error: describeError(error),
      });
      return previous;
    }
  }

  /**
   * The change check; when it fails (DescribeSecret denied or throttled) the entry falls back to
   * its TTL until its next fetch, so a reader without DescribeSecret still works.
   */
  private async check(target: Keyed, previous: Entry): Promise<ChangeCheck> {
    try {
      return await previous.source.check!(target, previous.fetched);
    } catch (error) {
      this.logger.warn('the change check of a secret failed; its TTL decides until the next fetch', {
        secretId: target.id,
        source: previous.source.kind,
        ttlSeconds: Math.round(this.ttl / 1000),
        error: describeError(error),
      });
      return {};
    }
  }

  private async fetch(target: Target): Promise<[Source, Fetched]> {
    for (const source of this.sources) {
      const fetched = await source.fetch(target);
      if (fetched !== undefined) return [source, fetched];
    }
    throw new SecretNotFoundError(target.id + (target.stage === undefined ? '' : ` (${target.stage})`) + (target.versionId === undefined ? '' : ` (version ${target.versionId})`), this.sources.map((s) => s.kind));
  }

  /** True when change checks run for values from this source: it has one and the TTL alone would not keep the bound. */
  private checked(source: Source): boolean {
    return source.check !== undefined && this.ttl > this.freshness;
  }

  /** `took`: how long the fetch took, so the next one can start that much ahead of the TTL. */
  private store(target: Keyed, source: Source, fetched: Fetched, previous: Entry | undefined, sentAt: number, took: number): Entry {
    if (fetched.text === undefined) {
      throw new SecretShapeError(target.id, `holds no text value at ${source.kind} (binary or empty)`, 'store the secret as a string (SecretString; base64 for binary data)');
    }
    const entry: Entry = {
      key: target.key,
      target,
      source,
      fetched,
      value: new SecretValue(target.name, fetched.versionId, fetched.text),
      confirmedAt: sentAt,
      checkAt: 0,
      freshUntil: 0,
      expiresAt: 0,
      stale: false,
    };
    this.confirm(entry, sentAt, took);
    this.entries.delete(target.key);
    this.entries.set(target.key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined && oldest !== target.key) this.entries.delete(oldest);
    }
    if (previous !== undefined && (previous.fetched.versionId !== fetched.versionId || previous.fetched.text !== fetched.text)) {
      this.changed(entry, previous.fetched.versionId);
    }
    return entry;
  }

  private confirm(entry: Entry, sentAt: number, took = 0): Entry {
    entry.stale = false;
    entry.confirmedAt = sentAt;
    entry.expiresAt = sentAt + this.jittered(this.ttl);
    if (this.checked(entry.source)) {
      entry.freshUntil = Math.min(entry.expiresAt, sentAt + this.freshness);
      entry.checkAt = Math.min(entry.freshUntil, sentAt + this.jittered(this.checkInterval));
    } else {
      // No check, or a TTL within the bound: the fetch at expiry is the check. Readers are served
      // up to the TTL itself; the fetch starts in the background at the jittered expiry, or twice
      // the last fetch's time before the TTL if that is earlier (never before half the TTL), so
      // readers are not held at each expiry.
      entry.freshUntil = sentAt + this.ttl;
      entry.checkAt = Math.max(Math.min(entry.expiresAt, entry.freshUntil - 2 * took), sentAt + this.ttl / 2);
    }
    return entry;
  }

  /** A duration shortened by up to `jitter` of itself, at random. */
  private jittered(duration: number): number {
    return duration * (1 - this.jitter * this.random());
  }

  private changed(entry: Entry, previousVersionId: string): void {
    for (const listener of this.listeners.get(entry.key) ?? []) {
      try {
        listener(entry.value, previousVersionId);
      } catch (error) {
        this.logger.warn('an onChange listener failed', { secretId: entry.target.id, error: describeError(error) });
      }
    }
  }

  private parsed(entry: Entry): SecretValue<unknown> {
    if (entry.json === undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(entry.fetched.text!);
      } catch {
        // No cause: V8's SyntaxError quotes the text it could not parse, i.e. the secret.
        throw new SecretShapeError(entry.target.id, 'is not valid JSON', 'read it with get(), or store a JSON object');
      }
      entry.json = new SecretValue(entry.target.name, entry.fetched.versionId, deepFreeze(parsed));
    }
    return entry.json;
  }

  private report(entry: Entry, hit: boolean, context: ReadOptions['context']): void {
    if (this.audit === undefined) return;
    try {
      this.audit({
        name: entry.target.name,
        secretId: entry.target.id,
        ...(entry.target.stage === undefined ? {} : { stage: entry.target.stage }),
        versionId: entry.fetched.versionId,
        source: entry.source.kind,
        hit,
        stale: entry.stale,
        ...(context === undefined ? {} : { context }),
      });
    } catch (error) {
      this.logger.warn('the audit hook failed', { secretId: entry.target.id, error: error instanceof Error ? error.name : String(error) });
    }
  }
}
