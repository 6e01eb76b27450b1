// The only things the rotation core touches. Adapters: `secrets-manager.ts` (SDK) and
// `postgres/database.ts` (pg); tests use the Secrets Manager double and a real PostgreSQL.

export type Step = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
export const STEPS: readonly Step[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/** What Secrets Manager sends the rotation function. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: Step;
  /** Present for cross-account rotation; passed back on PutSecretValue. */
  readonly RotationToken?: string;
}

export interface SecretDescription {
  readonly arn: string;
  readonly name: string;
  readonly rotationEnabled: boolean;
  /** Tags by key (e.g. `warden:environment`); per-secret settings may be read from them. */
  readonly tags: Readonly<Record<string, string>>;
  /** VersionId -> staging labels, as DescribeSecret's VersionIdsToStages. */
  readonly versions: Readonly<Record<string, readonly string[]>>;
}

export interface SecretVersion {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly secretString: string;
}

export interface SecretsStore {
  describe(secretId: string): Promise<SecretDescription>;
  /** The value at a stage (AWSCURRENT, AWSPENDING, AWSPREVIOUS) or a version id; undefined when absent or without a value. */
  getValue(secretId: string, selector: { stage: string } | { versionId: string; stage?: string }): Promise<SecretVersion | undefined>;
  /**
   * PutSecretValue(token, [AWSPENDING]). Resolves 'existed' when the token's version already holds
   * a value: Secrets Manager then refuses a different value (ResourceExistsException) and ignores
   * the same one, so createSecret can write without reading the pending version first.
   */
  putPending(secretId: string, token: string, secretString: string, rotationToken?: string): Promise<'created' | 'existed'>;
  /** Moves `stage` to `toVersionId`, taking it from `fromVersionId` when given. */
  moveStage(secretId: string, stage: string, toVersionId: string | undefined, fromVersionId?: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Random {
  bytes(count: number): Uint8Array;
}

/** Connection facts read from a PostgreSQL secret value. */
export interface PostgresConnection {
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly username: string;
  readonly password: string;
  readonly ssl: boolean;
}

/**
 * A session logged in as one role, used one call at a time (each awaited). Nothing may rely on
 * session state between calls: behind a transaction-mode pooler each transaction (each call
 * outside `transaction`) may run on another server connection, shared with other clients.
 */
export interface DatabaseSession {
  /**
   * Runs SQL with bind parameters only; values are never spliced into the text. Every statement
   * runs inside a transaction (its own, or the caller's `transaction`) that carries the timeouts,
   * so one that PostgreSQL refuses in a transaction block (CREATE DATABASE, ALTER SYSTEM, VACUUM,
   * CREATE INDEX CONCURRENTLY: SQLSTATE 25001) cannot be sent through this port.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Sets `role`'s password by sending a SCRAM-SHA-256 verifier computed client-side, so the
   * password itself never reaches the server (nor its statement log).
   */
  setPassword(role: string, password: string): Promise<void>;
  /** Runs `work` between BEGIN and COMMIT on this session (a `transaction` inside `work` joins it); rolls back and rethrows when it fails. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Database {
  /** Logs in; rejects with the server's message (never the password) when the login fails. */
  connect(connection: PostgresConnection): Promise<DatabaseSession>;
}
