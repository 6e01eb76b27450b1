// What a refused PostgreSQL login looks like, from the server and from pgbouncer in front of it.
// One definition for the client library (refresh-and-retry) and the rotation function (testSecret's
// hint), so they cannot disagree.

/** PostgreSQL's SQLSTATE for a refused password. */
export const INVALID_PASSWORD = '28P01';

/**
 * pgbouncer (1.18, auth_query or auth_file) checks the password itself and refuses it as FATAL
 * with SQLSTATE 08P01 (protocol_violation) and one of these messages: after a SCRAM exchange, and
 * for md5/plain. Its other 08P01 refusals ("no such database", "server login has been failing",
 * "query_wait_timeout", ...) are not about the client's password.
 */
const POOLER_REFUSAL = '08P01';
const POOLER_REFUSED_PASSWORD: ReadonlySet<string> = new Set(['SASL authentication failed', 'password authentication failed']);

/** Who refused a login for its password: the PostgreSQL server (28P01), a pooler (pgbouncer), or undefined when it was not a refused password. */
export function passwordRefusedBy(error: unknown): 'server' | 'pooler' | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === INVALID_PASSWORD) return 'server';
  return code === POOLER_REFUSAL && typeof message === 'string' && POOLER_REFUSED_PASSWORD.has(message) ? 'pooler' : undefined;
}
