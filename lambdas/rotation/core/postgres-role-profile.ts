// What an application sees of a role besides its privileges: its settings (pg_db_role_setting,
// role-wide and per database), CONNECTION LIMIT and VALID UNTIL. The alternating-users clone must
// match its original in all of them, or an application logging in as the clone behaves differently
// (a lost search_path: `relation "orders" does not exist`).
//
// ALTER ROLE takes no bind parameters, so each statement is composed by the server with format():
// names through %I, values through quote_literal(), every input a bind parameter. Nothing from the
// catalog is spliced into SQL text by this function.
import type { DatabaseSession } from './ports';

/** `role` is the pair's own mechanism (the clone's sessions SET ROLE to the original): never copied nor compared. */
const EXCLUDED_SETTINGS = new Set(['role']);

/**
 * Settings whose stored value is a list of identifiers (GUC_LIST_QUOTE, as pg_dump lists them):
 * each element must be passed as its own literal, or `'"$user", public'` would become one schema.
 */
const LIST_QUOTE_SETTINGS = new Set(['local_preload_libraries', 'search_path', 'session_preload_libraries', 'shared_preload_libraries', 'temp_tablespaces', 'unix_socket_directories']);

interface RoleProfile {
  /** `<database or empty for role-wide>\u0000<setting name>` -> stored value. */
  readonly settings: ReadonlyMap<string, string>;
  readonly connectionLimit: number;
  /** ISO text, or 'infinity' when the role never expires (NULL and 'infinity' alike). */
  readonly validUntil: string;
}

interface SettingRow {
  datname: string | null;
  setting: string;
}

const key = (database: string | null, name: string) => `${database ?? ''}\u0000${name.toLowerCase()}`;
const describeKey = (k: string) => {
  const [database, name] = k.split('\u0000');
  return database ? `${name} in database ${database}` : `${name} (role-wide)`;
};

/** Reads `role`'s profile; pg_roles and pg_db_role_setting are readable by every role, so any session may call it. */
export async function readRoleProfile(session: DatabaseSession, role: string): Promise<RoleProfile> {
  const rows = await session.query<SettingRow>(
    `SELECT d.datname, s.setting
       FROM pg_db_role_setting rs
       JOIN pg_roles r ON r.oid = rs.setrole
       LEFT JOIN pg_database d ON d.oid = rs.setdatabase
       CROSS JOIN LATERAL unnest(rs.setconfig) AS s(setting)
      WHERE r.rolname = $1 AND (rs.setdatabase = 0 OR d.oid IS NOT NULL)`,
    [role],
  );
  const settings = new Map<string, string>();
  for (const row of rows) {
    const at = row.setting.indexOf('=');
    const name = at < 0 ? row.setting : row.setting.slice(0, at);
    if (EXCLUDED_SETTINGS.has(name.toLowerCase())) continue;
    settings.set(key(row.datname, name), at < 0 ? '' : row.setting.slice(at + 1));
  }
  const [limits] = await session.query<{ connlimit: number; validuntil: string }>(
    `SELECT rolconnlimit AS connlimit,
            CASE WHEN rolvaliduntil IS NULL OR NOT isfinite(rolvaliduntil) THEN 'infinity'
                 ELSE to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS validuntil
       FROM pg_roles WHERE rolname = $1`,
    [role],
  );
  if (!limits) throw new Error(`role ${role} does not exist`);
  return { settings, connectionLimit: Number(limits.connlimit), validUntil: limits.validuntil };
}

/** What differs between two profiles, by name only (never a value): empty when they match. */
export function profileDifferences(original: RoleProfile, clone: RoleProfile): string[] {
  const differences: string[] = [];
  for (const k of new Set([...original.settings.keys(), ...clone.settings.keys()])) {
    if (original.settings.get(k) !== clone.settings.get(k)) differences.push(`setting ${describeKey(k)}`);
  }
  if (original.connectionLimit !== clone.connectionLimit) differences.push('CONNECTION LIMIT');
  if (original.validUntil !== clone.validUntil) differences.push('VALID UNTIL');
  return differences;
}

/** PostgreSQL's SplitGUCList: comma-separated, double-quoted elements keep case and may hold commas ("" is a quote). */
function splitGucList(value: string): string[] {
  const elements: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < value.length && /\s/.test(value[i]!)) i += 1;
  };
  skipSpace();
  if (i === value.length) return elements;
  for (;;) {
    let element = '';
    if (value[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= value.length) throw new Error('unterminated quoted element in a list setting');
        if (value[i] === '"') {
          if (value[i + 1] !== '"') break;
          i += 1;
        }
        element += value[i];
        i += 1;
      }
      i += 1;
    } else {
      while (i < value.length && value[i] !== ',' && !/\s/.test(value[i]!)) element += value[i++];
    }
    elements.push(element);
    skipSpace();
    if (i === value.length) return elements;
    if (value[i] !== ',') throw new Error('malformed list setting');
    i += 1;
    skipSpace();
  }
}

/**
 * Runs `ALTER ROLE <role> [IN DATABASE <db>] <tail>`, the text composed by the server: `tail` is a
 * constant SQL expression of this module over the bind parameters $3, $4.
 */
async function alterRole(session: DatabaseSession, role: string, database: string | null, tail: string, tailParams: readonly unknown[]): Promise<void> {
  const [row] = await session.query<{ sql: string }>(
    `SELECT format('ALTER ROLE %I', $1::text) || CASE WHEN $2::text IS NULL THEN '' ELSE format(' IN DATABASE %I', $2::text) END || ${tail} AS sql`,
    [role, database, ...tailParams],
  );
  await session.query(row!.sql);
}

const SET_TAIL = "format(' SET %I = ', $3::text) || (SELECT string_agg(quote_literal(v), ', ' ORDER BY n) FROM unnest($4::text[]) WITH ORDINALITY AS t(v, n))";
const RESET_TAIL = "format(' RESET %I', $3::text)";
const CONNECTION_LIMIT_TAIL = "format(' CONNECTION LIMIT %s', $3::int)";
const VALID_UNTIL_TAIL = "format(' VALID UNTIL %L', $3::text)";

/**
 * Makes `clone`'s profile `original`'s: sets what differs, resets settings `original` no longer
 * has, copies CONNECTION LIMIT and VALID UNTIL. Runs inside the caller's transaction.
 */
export async function syncRoleProfile(session: DatabaseSession, original: string, clone: string): Promise<void> {
  const source = await readRoleProfile(session, original);
  const target = await readRoleProfile(session, clone);
  const parts = (k: string) => {
    const [database, name] = k.split('\u0000') as [string, string];
    return { database: database === '' ? null : database, name };
  };
  for (const k of target.settings.keys()) {
    if (source.settings.has(k)) continue;
    const { database, name } = parts(k);
    await alterRole(session, clone, database, RESET_TAIL, [name]);
  }
  for (const [k, value] of source.settings) {
    if (target.settings.get(k) === value) continue;
    const { database, name } = parts(k);
    const values = LIST_QUOTE_SETTINGS.has(name) ? splitGucList(value) : [value];
    await alterRole(session, clone, database, SET_TAIL, [name, values.length > 0 ? values : ['']]);
  }
  if (source.connectionLimit !== target.connectionLimit) await alterRole(session, clone, null, CONNECTION_LIMIT_TAIL, [source.connectionLimit]);
  if (source.validUntil !== target.validUntil) await alterRole(session, clone, null, VALID_UNTIL_TAIL, [source.validUntil]);
}
