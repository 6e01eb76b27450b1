// secrets-warden/client/pg: a node-postgres pool that reads its login through the secrets cache at
// each new connection and survives a rotation: a refused login (28P01, or pgbouncer's 08P01
// "SASL authentication failed" / "password authentication failed") gets fresher credentials
// once (afterAuthFailure: the new AWSCURRENT, or AWSPENDING while a single-user rotation is between
// setSecret and finishSecret), and connections opened with an older version are closed when they
// are next released or picked, so the pool ends on the new credentials.
import pg from 'pg';
import { INVALID_PASSWORD, passwordRefusedBy } from '../contract/postgres-login';
import { SecretShapeError, SecretsConfigError } from './errors';
import type { SecretValue } from './secret-value';
import type { ReadOptions, Secrets } from './secrets';

export { INVALID_PASSWORD };

/** True when a login was refused for its password: by PostgreSQL (28P01) or by pgbouncer in front of it (08P01, docs/client.md). */
export function isInvalidPassword(error: unknown): boolean {
  return passwordRefusedBy(error) !== undefined;
}

/** The fields of a database secret (the shape Secrets Manager's RDS secrets use). */
export interface DatabaseCredentials {
  readonly username: string;
  readonly password: string;
  readonly host?: string;
  readonly port?: number;
  readonly dbname?: string;
}

export interface SecretPoolOptions extends Omit<pg.PoolConfig, 'user' | 'password' | 'Client' | 'connectionString'> {
  /** Version stage to read (default AWSCURRENT). */
  readonly stage?: string;
  /** Passed to the audit hook for every credential read. */
  readonly context?: ReadOptions['context'];
}

const PROVIDER = Symbol.for('secrets-warden.client.pg.credentials');
/** On a failed connect's error: the version id of the credentials that client tried (an id, not a value). */
const TRIED = Symbol.for('secrets-warden.client.pg.tried-version');

interface Handed {
  readonly value: SecretValue;
  readonly credentials: DatabaseCredentials;
}

type Provider = () => Promise<Handed>;
type PoolCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** Parses a database secret; errors never quote it. */
export function databaseCredentials(value: SecretValue): DatabaseCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.reveal());
  } catch {
    throw new SecretShapeError(value.name, 'is not a JSON database secret', 'store { "username", "password", "host", "port", "dbname" } as the rotation functions do');
  }
  const fields = (parsed ?? {}) as Record<string, unknown>;
  if (typeof fields.username !== 'string' || typeof fields.password !== 'string') {
    throw new SecretShapeError(value.name, 'lacks a text "username" or "password"', 'store { "username", "password", ... } as the rotation functions do');
  }
  const port = typeof fields.port === 'string' ? Number(fields.port) : fields.port;
  return {
    username: fields.username,
    password: fields.password,
    ...(typeof fields.host === 'string' ? { host: fields.host } : {}),
    ...(typeof port === 'number' && Number.isInteger(port) ? { port } : {}),
    ...(typeof fields.dbname === 'string' ? { dbname: fields.dbname } : {}),
  };
}

interface Parameters {
  user?: string;
  password?: string | null;
  host?: string;
  port?: number;
  database?: string;
}

/** A pg.Client that asks the pool's provider for its login right before connecting. */
class SecretClient extends pg.Client {
  versionId = '';
  private readonly provider: Provider;
  private readonly fixed: { host: boolean; port: boolean; database: boolean };

  constructor(config: pg.ClientConfig & { [PROVIDER]: Provider }) {
    super(config);
    this.provider = config[PROVIDER];
    this.fixed = { host: config.host !== undefined, port: config.port !== undefined, database: config.database !== undefined };
  }

  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
    const connected = this.provider().then(({ value, credentials }) => {
      this.versionId = value.versionId;
      const params = (this as unknown as { connectionParameters: Parameters }).connectionParameters;
      this.user = params.user = credentials.username;
      this.password = params.password = credentials.password;
      // Explicit pool options win (e.g. a pooler in front of the database); else the secret's.
      if (!this.fixed.host && credentials.host !== undefined) this.host = params.host = credentials.host;
      if (!this.fixed.port && credentials.port !== undefined) this.port = params.port = credentials.port;
      if (!this.fixed.database && credentials.dbname !== undefined) this.database = params.database = credentials.dbname;
      return super.connect().catch((error: unknown) => {
        if (error !== null && typeof error === 'object') Object.defineProperty(error, TRIED, { value: value.versionId, enumerable: false });
        throw error;
      });
    });
    if (callback === undefined) return connected;
    connected.then(() => callback(undefined as unknown as Error), callback);
  }
}

export class SecretPool extends pg.Pool {
  private readonly secrets: Secrets;
  private readonly secretName: string;
  private readonly readOptions: ReadOptions;
  /** Version of the credentials new connections get now; a client on another one is closed when next released or picked. */
  private currentVersion = '';
  /** Credentials handed to connections lately, by version id, so a refusal is matched to what was tried. */
  private readonly handed = new Map<string, SecretValue>();
  /** Credentials that worked after a refusal while AWSCURRENT (basedOn) had not moved yet: AWSPENDING mid-rotation. */
  private preferred?: { readonly value: SecretValue; readonly basedOn: string };
  private readonly unsubscribe: () => void;

  constructor(secrets: Secrets, name: string, options: SecretPoolOptions = {}) {
    const { stage, context, ...poolOptions } = options;
    const holder: { pool?: SecretPool } = {};
    super({
      // TLS with verification unless the caller decides otherwise.
      ssl: { rejectUnauthorized: true },
      ...poolOptions,
      Client: SecretClient as unknown as new () => pg.ClientBase,
      [PROVIDER]: () => holder.pool!.credentials(),
    } as pg.PoolConfig);
    holder.pool = this;
    this.secrets = secrets;
    this.secretName = name;
    this.readOptions = { ...(stage === undefined ? {} : { stage }), ...(context === undefined ? {} : { context }) };
    this.unsubscribe = secrets.onChange(name, (value) => {
      this.currentVersion = value.versionId;
    }, this.readOptions);
  }

  /** Version ids of the credentials of the pool's open connections (ids only: safe to log). */
  connectionVersions(): string[] {
    return ((this as unknown as { _clients: SecretClient[] })._clients ?? []).map((client) => client.versionId);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: PoolCallback): void;
  override connect(callback?: PoolCallback): Promise<pg.PoolClient> | void {
    const checkedOut = this.checkout();
    if (callback === undefined) return checkedOut;
    checkedOut.then((client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)), (error: Error) => callback(error, undefined, () => undefined));
  }

  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    this.unsubscribe();
    if (callback === undefined) return super.end();
    super.end(callback);
  }

  private async checkout(): Promise<pg.PoolClient> {
    // A cache hit (microseconds) that also drives the change check, so a busy pool that opens no
    // new connection still learns of a rotation and moves its connections over.
    this.secrets.get(this.secretName, this.readOptions).catch(() => undefined);
    let retried = false;
    for (let evicted = 0; ; ) {
      let client: pg.PoolClient;
      try {
        client = await super.connect();
      } catch (error) {
        const failed = this.handed.get((error as { [TRIED]?: string })[TRIED] ?? '');
        if (retried || !isInvalidPassword(error) || failed === undefined) throw error;
        retried = true;
        await this.recover(failed);
        continue;
      }
      const version = (client as unknown as SecretClient).versionId;
      if (version !== this.currentVersion && evicted <= (this.options.max ?? 10)) {
        // Opened with credentials the rotation has replaced: close it and take another.
        evicted += 1;
        client.release(true);
        continue;
      }
      const release = client.release;
      client.release = (err?: Error | boolean) => release(err ?? (version !== this.currentVersion ? true : undefined));
      return client;
    }
  }

  private async credentials(): Promise<Handed> {
    const current = await this.secrets.get(this.secretName, this.readOptions);
    let value = current;
    if (this.preferred !== undefined) {
      if (this.preferred.basedOn === current.versionId) value = this.preferred.value;
      else this.preferred = undefined;
    }
    this.currentVersion = value.versionId;
    if (this.handed.size >= 8 && !this.handed.has(value.versionId)) this.handed.clear();
    this.handed.set(value.versionId, value);
    return { value, credentials: databaseCredentials(value) };
  }

  private async recover(failed: SecretValue): Promise<void> {
    const next = await this.secrets.afterAuthFailure(this.secretName, failed, this.readOptions);
    const current = await this.secrets.get(this.secretName, this.readOptions);
    this.preferred = next.versionId === current.versionId ? undefined : { value: next, basedOn: current.versionId };
  }
}

/** A pg pool whose login comes from the catalog secret `name` (a JSON database secret). */
export function createSecretPool(secrets: Secrets, name: string, options: SecretPoolOptions = {}): SecretPool {
  if (typeof name !== 'string' || name === '') {
    throw new SecretsConfigError('name', 'is missing', 'give the catalog name of the database secret, e.g. "payments/db-app"');
  }
  return new SecretPool(secrets, name, options);
}
