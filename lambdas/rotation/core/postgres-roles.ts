// Role facts and changes for the PostgreSQL strategies, over a DatabaseSession. Values travel as
// bind parameters; names that SQL cannot bind (CREATE ROLE, GRANT, ALTER ROLE) are quoted.
import { WardenError } from '../../shared/errors';
import type { DatabaseSession } from './ports';
import { syncRoleProfile } from './postgres-role-profile';
import { quoteIdent } from './postgres-sql';
import { CLONE_SUFFIX } from '../../../contract/postgres-users';


interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
}

const ATTRIBUTES = ['rolsuper', 'rolcreaterole', 'rolcreatedb', 'rolreplication', 'rolbypassrls'] as const;

async function serverVersion(session: DatabaseSession): Promise<number> {
  const rows = await session.query<{ version: number }>("SELECT current_setting('server_version_num')::int AS version");
  return rows[0]?.version ?? 0;
}

/**
 * Why the master must not touch the existing role `alternate`, or undefined when it may.
 * Confused deputy: the master would otherwise hand whoever can write this secret any role whose
 * name ends in _clone. Allowed: a role `current` can already become (SET ROLE), so nothing is
 * gained; or a member of `current` with no attribute (SUPERUSER, CREATEROLE, ...) `current` lacks.
 */
async function refusal(session: DatabaseSession, current: string, alternate: string): Promise<string | undefined> {
  // PostgreSQL 16 split SET from membership; before it, every member may SET ROLE.
  const canBecome = (await serverVersion(session)) >= 160000 ? 'SET' : 'MEMBER';
  const rows = await session.query<RoleRow & { role: 'current' | 'alternate'; current_can_become: boolean; alternate_in_current: boolean }>(
    `SELECT CASE WHEN r.rolname = $1 THEN 'current' ELSE 'alternate' END AS role,
            r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
            pg_has_role($1, $2, $3) AS current_can_become, pg_has_role($2, $1, 'MEMBER') AS alternate_in_current
       FROM pg_roles r WHERE r.rolname IN ($1, $2)`,
    [current, alternate, canBecome],
  );
  const currentRow = rows.find((row) => row.role === 'current');
  const alternateRow = rows.find((row) => row.role === 'alternate');
  if (!currentRow || !alternateRow) return `role ${currentRow ? alternate : current} does not exist`;
  if (currentRow.current_can_become) return undefined;
  if (!currentRow.alternate_in_current) return `role ${alternate} exists and is not a member of ${current} (nor may ${current} SET ROLE to it)`;
  const extra = ATTRIBUTES.filter((attribute) => alternateRow[attribute] && !currentRow[attribute]);
  if (extra.length > 0) return `role ${alternate} holds attributes ${current} lacks (${extra.join(', ')})`;
  return undefined;
}

/** The pair as (original, clone): the clone is always `<original>_clone`, whichever of the two is current. */
export function pairRoles(current: string, alternate: string): { original: string; clone: string } {
  return alternate === `${current}${CLONE_SUFFIX}` ? { original: current, clone: alternate } : { original: alternate, clone: current };
}

/**
 * Why the existing `clone` is not the same user as `original`, or undefined: a role it is a direct
 * member of (other than `original`) that `original` does not reach gives the clone more than the user has.
 */
async function extraMemberships(session: DatabaseSession, original: string, clone: string): Promise<string | undefined> {
  const rows = await session.query<{ rolname: string }>(
    `SELECT g.rolname
       FROM pg_auth_members m
       JOIN pg_roles c ON c.oid = m.member
       JOIN pg_roles g ON g.oid = m.roleid
      WHERE c.rolname = $2 AND g.rolname <> $1 AND NOT pg_has_role($1, g.oid, 'MEMBER')
      ORDER BY g.rolname`,
    [original, clone],
  );
  if (rows.length === 0) return undefined;
  const roles = rows.map((row) => row.rolname);
  return `role ${clone} is a member of ${roles.join(', ')}, which ${original} is not; the clone must be the same user: REVOKE ${roles.map(quoteIdent).join(', ')} FROM ${quoteIdent(clone)}, or grant them to ${original} too`;
}

/** The master was asked to change a role that is not the user's pair; nothing was changed. */
export class RoleRefusedError extends WardenError {}

async function roleExists(session: DatabaseSession, role: string): Promise<boolean> {
  const rows = await session.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS found', [role]);
  return rows[0]?.found === true;
}

/**
 * Logged in as the master: creates `alternate` (LOGIN, member of `current`, its sessions running
 * as `current`) or, when it exists, checks it is `current`'s pair; then sets its password. One
 * transaction, so a failure leaves no half-made role.
 *
 * Sessions of the created role run `SET ROLE current` at login (ALTER ROLE ... SET role), so
 * whatever either user creates is owned by `current` and stays usable by both: the
 * "permission denied" on tables made by the clone that AWS's multi-user function leaves behind.
 * PostgreSQL 16+ needs the membership granted WITH SET (and INHERIT) for that.
 *
 * On every call the clone is brought in step with the original (settings except `role`, per
 * database where set per database, CONNECTION LIMIT, VALID UNTIL: syncRoleProfile), whichever of
 * the two is being rotated in; an existing clone with memberships the original lacks is refused.
 */
export async function createOrUpdateAlternateRole(session: DatabaseSession, current: string, alternate: string, password: string): Promise<'created' | 'updated'> {
  const { original, clone } = pairRoles(current, alternate);
  return session.transaction(async () => {
    if (await roleExists(session, alternate)) {
      const reason = (await refusal(session, current, alternate)) ?? (await extraMemberships(session, original, clone));
      if (reason) throw new RoleRefusedError(reason);
      await syncRoleProfile(session, original, clone);
      await session.setPassword(alternate, password);
      return 'updated' as const;
    }
    const membership = (await serverVersion(session)) >= 160000 ? ' WITH INHERIT TRUE, SET TRUE' : '';
    await session.query(`CREATE ROLE ${quoteIdent(alternate)} LOGIN`);
    await session.query(`GRANT ${quoteIdent(current)} TO ${quoteIdent(alternate)}${membership}`);
    await session.query(`ALTER ROLE ${quoteIdent(alternate)} SET role = ${quoteIdent(current)}`);
    await syncRoleProfile(session, original, clone);
    await session.setPassword(alternate, password);
    return 'created' as const;
  });
}
