// The Database port over node-postgres: TLS, timeouts, quoting and the password verifier live here.
import { createSecureContext, type SecureContext } from 'node:tls';
import type pg from 'pg';
import { WardenError } from '../../shared/errors';
import { integerEnv } from '../../shared/env';
import { redactText } from '../../shared/redact';
import type { Database, DatabaseSession, PostgresConnection } from '../core/ports';
import { quoteIdent } from '../core/postgres-sql';
import { SCRAM_VERIFIER_SHAPE, scramSha256Verifier } from './scram';
import { extraCertificates, trustedCertificates } from './tls';

const CONNECT_TIMEOUT_ENV = 'DB_CONNECT_TIMEOUT_MS';
const STATEMENT_TIMEOUT_ENV = 'DB_STATEMENT_TIMEOUT_MS';
export const DEFAULT_TIMEOUT_MS = 5000;
const APPLICATION_NAME = 'secrets-warden-rotation';

interface PostgresDatabaseOptions {
  /** TCP connect + TLS + authentication, in ms. */
  readonly connectTimeoutMs: number;
  /** statement_timeout and lock_timeout of every statement (transaction-local, not startup parameters), in ms; the client gives up shortly after. */
  readonly statementTimeoutMs: number;
  /** PEM CAs trusted for `ssl: true`, loaded on the first TLS connection; certificate and host name are always verified. */
  readonly ca: () => Promise<readonly string[]>;
}

/** A failure reported by the server or the connection, with its SQLSTATE when there is one; never a password. */
class PostgresError extends WardenError {
  constructor(message: string, readonly code: string | undefined, options?: ErrorOptions) {
    super(message, options);
  }
}

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresDatabaseOptions {
  const extra = extraCertificates(env);
  return {
    connectTimeoutMs: integerEnv(CONNECT_TIMEOUT_ENV, DEFAULT_TIMEOUT_MS, 100, 60_000, env),
    statementTimeoutMs: integerEnv(STATEMENT_TIMEOUT_ENV, DEFAULT_TIMEOUT_MS, 100, 60_000, env),
    ca: () => trustedCertificates(extra),
  };
}

export function postgresDatabase(options: PostgresDatabaseOptions = databaseOptionsFromEnv()): Database {
  // Parsing a few hundred CA certificates takes tens of milliseconds: do it once per cold start,
  // not once per connection as a `ca` option would.
  let secureContext: Promise<SecureContext> | undefined;
  const trust = () => (secureContext ??= options.ca().then((ca) => createSecureContext({ ca: [...ca] })));
  return {
    async connect(connection) {
      // pg is loaded on first use: createSecret never connects.
      const { default: driver } = await import('pg');
      const client = new driver.Client({
        host: connection.host,
        port: connection.port,
        database: connection.dbname,
        user: connection.username,
        password: connection.password,
        // Explicit either way, so PGSSLMODE and friends can never turn verification off or
        // fall back to plaintext: pg fails when the server refuses TLS.
        ssl: connection.ssl ? { secureContext: await trust(), rejectUnauthorized: true } : false,
        connectionTimeoutMillis: options.connectTimeoutMs,
        // Startup parameters: only what connection poolers accept. pgbouncer refuses any other one
        // ("unsupported startup parameter: statement_timeout") and RDS Proxy pins or rejects them,
        // so the server-side timeouts are set in each statement's transaction instead (session()).
        application_name: APPLICATION_NAME,
        // Client-side bound: holds even where a pooler drops the SET (a step can never hang).
        query_timeout: options.statementTimeoutMs + 1000,
      });
      // An idle connection error is emitted as an event; unhandled, it would crash the function.
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (cause) {
        await client.end().catch(() => undefined);
        throw toPostgresError(cause, connection);
      }
      return session(client, connection, options.statementTimeoutMs);
    },
  };
}

/**
 * The server-side bounds, transaction-local (set_config's third argument: SET LOCAL), in one round
 * trip with bind parameters: statements and lock waits end after `timeoutMs`, an idle open
 * transaction after twice that. Not session-level: behind pgbouncer in transaction mode the
 * server connection passes to another client of the same user at every transaction end, with no
 * reset (server_reset_query runs in session mode only), so a session-level SET would bound that
 * client's queries (seen on pgbouncer 1.18: docs/architecture.md) while this session's next
 * statement could run on a connection without it. A transaction-local setting ends with its
 * transaction on every pooler.
 */
const BOUND_TRANSACTION = "SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)";

/** Every statement runs in a transaction that starts with the bounds: its own, or the caller's transaction(). */
function session(client: pg.Client, connection: PostgresConnection, timeoutMs: number): DatabaseSession {
  let inTransaction = false;
  const send = async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    try {
      const result = await client.query(sql, params ? [...params] : undefined);
      return result.rows as Row[];
    } catch (cause) {
      throw toPostgresError(cause, connection);
    }
  };
  const bounded = async <T>(work: () => Promise<T>): Promise<T> => {
    // A nested call joins the transaction already open (and bounded).
    if (inTransaction) return work();
    await send('BEGIN');
    inTransaction = true;
    try {
      await send(BOUND_TRANSACTION, [`${timeoutMs}ms`, `${timeoutMs * 2}ms`]);
      const result = await work();
      await send('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      inTransaction = false;
    }
  };
  const run = <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => bounded(() => send<Row>(sql, params));
  return {
    query: run,
    async setPassword(role, password) {
      const verifier = scramSha256Verifier(password);
      if (!SCRAM_VERIFIER_SHAPE.test(verifier)) throw new PostgresError('refusing to send a malformed SCRAM verifier', undefined);
      // Utility statements take no bind parameters; the verifier is base64 and separators only
      // (checked above), so quoting it as a literal cannot be escaped. The server stores it as
      // is and never sees the password.
      await run(`ALTER ROLE ${quoteIdent(role)} PASSWORD '${verifier}'`);
    },
    transaction: bounded,
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

function toPostgresError(cause: unknown, connection: PostgresConnection): PostgresError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const { code, detail } = (cause ?? {}) as { code?: unknown; detail?: unknown };
  // pg reports a connect timeout as 'timeout expired' or 'Connection terminated due to connection timeout'.
  let message = /timeout expired|connection timeout/i.test(raw) ? `connection timed out (${raw})` : raw;
  // The server's DETAIL says which privilege is missing (e.g. "Only roles with the ADMIN option on role ...").
  if (typeof detail === 'string' && detail.length > 0) message = `${message} (${detail})`;
  return new PostgresError(redactText(message, [connection.password]), typeof code === 'string' ? code : undefined, { cause });
}
