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
  /** statement_timeout and lock_timeout set after login (SET, not startup parameters), in ms; the client gives up shortly after. */
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
      // pg is loaded on first use: createSecret and finishSecret never connect.
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
        // so the server-side timeouts are set right after login instead (boundSession).
        application_name: APPLICATION_NAME,
        // Client-side bound: holds even where a pooler drops the SET (a step can never hang).
        query_timeout: options.statementTimeoutMs + 1000,
      });
      // An idle connection error is emitted as an event; unhandled, it would crash the function.
      client.on('error', () => undefined);
      try {
        await client.connect();
        await boundSession(client, options.statementTimeoutMs);
      } catch (cause) {
        await client.end().catch(() => undefined);
        throw toPostgresError(cause, connection);
      }
      return session(client, connection);
    },
  };
}

/**
 * Server-side bounds for the session, in one round trip with bind parameters: statements and lock
 * waits end after `timeoutMs`, an idle open transaction after twice that. Session-level settings:
 * behind pgbouncer in session mode (its default) or RDS Proxy (which pins the session on SET)
 * they stay with this client; pgbouncer's server_reset_query (DISCARD ALL) clears them afterwards.
 */
async function boundSession(client: pg.Client, timeoutMs: number): Promise<void> {
  await client.query(
    "SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $1, false), set_config('idle_in_transaction_session_timeout', $2, false)",
    [`${timeoutMs}ms`, `${timeoutMs * 2}ms`],
  );
}

function session(client: pg.Client, connection: PostgresConnection): DatabaseSession {
  const run = async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    try {
      const result = await client.query(sql, params ? [...params] : undefined);
      return result.rows as Row[];
    } catch (cause) {
      throw toPostgresError(cause, connection);
    }
  };
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
    async transaction(work) {
      await run('BEGIN');
      try {
        const result = await work();
        await run('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
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
