import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** libpq's default (SCRAM_SHA_256_DEFAULT_ITERATIONS); the server's scram_iterations default too. */
const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * SASLprep (RFC 4013) mapping and normalisation, the same steps node-postgres applies before
 * PBKDF2 when it logs in: a verifier built from the raw string would not match what the client
 * derives for a password that contains non-ASCII spaces or compatibility characters.
 */
function saslPrep(password: string): string {
  return password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    // eslint-disable-next-line no-misleading-character-class
    .replace(/[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC');
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores in pg_authid (RFC 5802 §3, RFC 7677), computed
 * here so that `ALTER ROLE ... PASSWORD '<verifier>'` carries no password: the server recognises
 * the format and stores it as is, exactly what libpq's PQencryptPasswordConn and psql's
 * `\password` send. Format: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64).
 */
export function scramSha256Verifier(password: string, salt: Uint8Array = randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS): string {
  const saltedPassword = pbkdf2Sync(Buffer.from(saslPrep(password), 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', saltedPassword).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', saltedPassword).update('Server Key').digest();
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/** The only shape ever spliced into SQL: base64 fields and separators, nothing that can end a literal. */
export const SCRAM_VERIFIER_SHAPE = /^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$/;
