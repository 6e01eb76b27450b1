// Parses and validates the PostgreSQL secret value (docs/architecture.md, "Contracts": the AWS standard shape). Pure, so
// the strategies in core/ use it too. Errors name the field and the fix and never echo a value:
// the JSON may be a password, and JSON.parse's own message quotes the text it choked on.
import { InputError } from '../../shared/errors';
import type { PostgresConnection } from '../core/ports';

const POSTGRES_ENGINES = ['postgres', 'aurora-postgresql'] as const;
type PostgresEngine = (typeof POSTGRES_ENGINES)[number];

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes: a longer name would silently become another role. */
export const MAX_IDENTIFIER_BYTES = 63;

export interface PostgresSecret extends PostgresConnection {
  readonly engine: PostgresEngine;
  /** Present: the alternating-users strategy, with this secret's credentials creating and altering roles. */
  readonly masterarn?: string;
  /** Every key of the stored JSON, so a new version keeps what this function does not manage. */
  readonly fields: Readonly<Record<string, unknown>>;
}

const DEFAULT_PORT = 5432;
const DEFAULT_DBNAME = 'postgres';

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/** Parses a secret string; `label` says which one in errors, e.g. `secret value at AWSCURRENT`. */
export function parsePostgresSecret(secretString: string, label: string): PostgresSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new InputError(label, 'is not valid JSON', 'store a JSON object such as {"engine":"postgres","host":...,"username":...,"password":...}');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(label, 'is not a JSON object', 'store a JSON object with engine, host, username and password');
  }
  const fields = parsed as Record<string, unknown>;
  const field = (name: string) => `${label}.${name}`;

  const engine = fields.engine;
  if (typeof engine !== 'string' || !(POSTGRES_ENGINES as readonly string[]).includes(engine)) {
    throw new InputError(field('engine'), 'is missing or not a PostgreSQL engine', `set engine to one of ${POSTGRES_ENGINES.map((e) => `"${e}"`).join(', ')}`);
  }
  const host = requiredString(fields, 'host', field('host'), 'set host to the database endpoint name');
  if (/\s/.test(host)) throw new InputError(field('host'), 'contains whitespace', 'set host to the database endpoint name');
  const username = requiredString(fields, 'username', field('username'), 'set username to the database role this secret logs in as');
  checkIdentifier(username, field('username'));
  const password = requiredString(fields, 'password', field('password'), 'set password to the role\'s current password');
  if (password.includes('\u0000')) throw new InputError(field('password'), 'contains a NUL character', 'PostgreSQL cannot receive it; set a password without NUL');
  const dbname = fields.dbname === undefined ? DEFAULT_DBNAME : requiredString(fields, 'dbname', field('dbname'), 'set dbname to an existing database or remove it (default "postgres")');
  checkIdentifier(dbname, field('dbname'));
  const port = parsePort(fields.port, field('port'));
  const ssl = parseSsl(fields.ssl, field('ssl'));
  const masterarn = fields.masterarn === undefined ? undefined : requiredString(fields, 'masterarn', field('masterarn'), 'set masterarn to the ARN of the secret holding the admin credentials, or remove it for single-user rotation');

  return { engine: engine as PostgresEngine, host, port, dbname, username, password, ssl, masterarn, fields };
}

function requiredString(fields: Record<string, unknown>, key: string, name: string, fix: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value.length === 0) throw new InputError(name, 'is missing or not a non-empty string', fix);
  return value;
}

function checkIdentifier(name: string, field: string): void {
  if (name.includes('\u0000')) throw new InputError(field, 'contains a NUL character', 'PostgreSQL names cannot contain NUL');
  if (identifierBytes(name) > MAX_IDENTIFIER_BYTES) {
    throw new InputError(field, `is longer than ${MAX_IDENTIFIER_BYTES} bytes`, 'PostgreSQL would truncate it to another name; use a shorter name');
  }
}

function parsePort(raw: unknown, field: string): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(field, 'is not a port number', 'set port to an integer from 1 to 65535, or remove it (default 5432)');
  }
  return port;
}

// Absent means TLS: a missing key must never silently downgrade to plaintext.
function parseSsl(raw: unknown, field: string): boolean {
  if (raw === undefined || raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new InputError(field, 'is not a boolean', 'set ssl to true (verified TLS, the default) or false (plaintext)');
}
