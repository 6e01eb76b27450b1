// Identifier quoting for the few statements that cannot take bind parameters (CREATE ROLE,
// GRANT, ALTER ROLE). Role names come from the secret, i.e. from whoever can write it.

/** Quotes `name` as a PostgreSQL identifier: always quoted, so case and any character survive; `"` doubled. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error('an identifier must be non-empty and free of NUL');
  return `"${name.replace(/"/g, '""')}"`;
}
